#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2 --mem 1024
# osfp-vm-time: 80
#
# A hot-plug storm: for OSFP_STORM_SECONDS (default 60), cage 0's module is
# pulled and pushed back at random moments (in every state: initializing,
# identifying, powering up, ready) while readers run in parallel on both
# cages: ethtool -m, sensors, the sysfs attributes and the eeprom file.
# Every eeprom read that succeeds must hold the bytes of the page asked
# for (the static pages are compared with the image). At the end both
# cages must work; the runner fails the test on any oops, WARN, BUG or
# lockdep report in the kernel log.

. "$OSFP_TOP/tests/vm/testlib.sh"

OSFP_DATA=$OSFP_DATA OSFP_KERNEL=$OSFP_KERNEL python3 - "${OSFP_STORM_SECONDS:-60}" <<'EOF'
import glob, os, random, subprocess, sys, threading, time

sys.dont_write_bytecode = True
sys.path.insert(0, os.environ["OSFP_DATA"])
import mkimages

secs = float(sys.argv[1])
data = os.environ["OSFP_DATA"]
images = {0: "osfp-400g-sr4.cmis", 1: "osfp-800g-2x400g-dr4.cmis"}
pages = {c: mkimages.parse_cmis(open(os.path.join(data, f)).read()) for c, f in images.items()}
end = time.monotonic() + secs
lock = threading.Lock()
count = {"cycles": 0, "reads": 0, "verified": 0, "errors": 0, "wrong": 0}
wrong = []


def add(key, n=1):
    with lock:
        count[key] += n


def cmd(cage, words):
    with open("/sys/kernel/osfp_emu/port%d/command" % cage, "w") as f:
        f.write(words + "\n")


def plugger():
    rnd = random.Random(1)
    while time.monotonic() < end:
        cmd(0, "unplug")
        time.sleep(rnd.uniform(0, 0.3))
        cmd(0, "plug")
        # from right after the plug (initializing) to well after ready
        time.sleep(rnd.choice([0, 0.005, 0.02, 0.05, 0.2, 0.5, 1.0, 1.5]))
        add("cycles")
    cmd(0, "plug")


def eeprom_reader(cage):
    path = "/sys/class/osfp/osfp%d/eeprom" % cage
    while time.monotonic() < end:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            time.sleep(0.01)
            continue
        try:
            for page in (0, 1, 2):
                try:
                    got = os.pread(fd, 128, 128 * (page + 1))
                except OSError:
                    add("errors")
                    continue
                add("reads")
                if got == pages[cage][(page, 0)]:
                    add("verified")
                else:
                    add("wrong")
                    wrong.append("osfp%d page %02xh" % (cage, page))
        finally:
            os.close(fd)


def sysfs_reader(cage):
    d = "/sys/class/osfp/osfp%d" % cage
    while time.monotonic() < end:
        files = glob.glob(d + "/*") + glob.glob(d + "/lane[1-8]/*")
        for f in files:
            if os.path.basename(f) in ("eeprom", "reset", "uevent") or os.path.isdir(f):
                continue
            try:
                with open(f) as fh:
                    fh.read()
                add("reads")
            except OSError:
                add("errors")


def runner(argv):
    while time.monotonic() < end:
        rc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        add("reads" if rc == 0 else "errors")


threads = [threading.Thread(target=plugger)]
for c in (0, 1):
    threads.append(threading.Thread(target=eeprom_reader, args=(c,)))
    threads.append(threading.Thread(target=sysfs_reader, args=(c,)))
    threads.append(threading.Thread(target=runner, args=(["ethtool", "-m", "osfp%d" % c],)))
threads.append(threading.Thread(target=runner, args=(["sensors"],)))
for t in threads:
    t.start()
for t in threads:
    t.join()

print("# storm [%s]: %d s, %d plug cycles, %d reads, %d eeprom pages verified, "
      "%d refused (module away), %d wrong" %
      (os.environ.get("OSFP_KERNEL", "?"), secs, count["cycles"], count["reads"],
       count["verified"], count["errors"], count["wrong"]))
ok = count["wrong"] == 0 and count["cycles"] > 20 and count["verified"] > 100
print("%s - t-storm: no read returned another page's bytes (%d verified)%s" %
      ("ok" if count["wrong"] == 0 else "not ok", count["verified"],
       "" if not wrong else ": " + ", ".join(wrong[:5])))
print("%s - t-storm: the storm ran (%d cycles, %d verified reads)" %
      ("ok" if count["cycles"] > 20 and count["verified"] > 100 else "not ok",
       count["cycles"], count["verified"]))
sys.exit(0 if ok else 1)
EOF
rc=$?
[ "$rc" = 0 ] || T_FAILED=1

d=/sys/class/osfp/osfp0
t_ok "after the storm: cage 0 ready" osfp_wait "grep -qx ready $d/module_state" 5000
t_ok "after the storm: ethtool -m osfp0 works" ethtool -m osfp0
t_ok "after the storm: ethtool -m osfp1 works" ethtool -m osfp1
t_ok "after the storm: sensors works" sensors
t_eq 1 "$(cat /sys/class/osfp/osfp1/present)" "cage 1 untouched"
t_done
