#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2 --mem 1024
# osfp-vm-time: 85
#
# A hot-plug storm: cage 0's module is pulled and pushed back at random
# moments (in every state: initializing, identifying, powering up, ready)
# while readers run in parallel on both cages: ethtool -m, sensors, the
# sysfs attributes and the eeprom file. The storm lasts OSFP_STORM_CYCLES
# plug cycles (default 100, about a minute) and until the eeprom readers
# have verified 200 pages, however long that takes on a slow machine (at
# most 10 minutes). Every eeprom read that succeeds must hold the bytes of
# the page asked for (the static pages are compared with the image); the
# eeprom file is read as SONiC's sonic_xcvr reads it (unbuffered Python
# file object, seek and read), where an EAGAIN would come back as None:
# it must answer bytes or an error. A thread that dies fails the test. At
# the end both cages must work; the runner fails the test on any oops,
# WARN, BUG or lockdep report in the kernel log.
#
# A module is plugged again only once the driver has seen it leave (the
# cage's present file reads 0): a hand takes far longer to swap a module
# than the presence interrupt takes to arrive. A swap faster than that
# interrupt is one no driver can see; until it arrives, a read finds the
# new module on page 00h while the driver still counts on the page it
# selected in the old one.

. "$OSFP_TOP/tests/vm/testlib.sh"

OSFP_DATA=$OSFP_DATA OSFP_KERNEL=$OSFP_KERNEL python3 - "${OSFP_STORM_CYCLES:-100}" <<'EOF'
import errno, glob, os, random, subprocess, sys, threading, time, traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.environ["OSFP_DATA"])
import mkimages

want_cycles = int(sys.argv[1])
want_verified = 200
data = os.environ["OSFP_DATA"]
images = {0: "osfp-400g-sr4.cmis", 1: "osfp-800g-2x400g-dr4.cmis"}
pages = {c: mkimages.parse_cmis(open(os.path.join(data, f)).read()) for c, f in images.items()}
lower = {c: pages[c][(None, 0)] for c in pages}
start = time.monotonic()
cap = start + 600       # a guard against a hang, not a measure of speed
stop = threading.Event()
lock = threading.Lock()
count = {"cycles": 0, "reads": 0, "verified": 0, "errors": 0, "wrong": 0, "eagain": 0}
wrong = []
died = []


def add(key, n=1):
    with lock:
        count[key] += n


def running():
    return not stop.is_set() and time.monotonic() < cap


def cmd(cage, words):
    with open("/sys/kernel/osfp_emu/port%d/command" % cage, "w") as f:
        f.write(words + "\n")


def seen_absent():
    with open("/sys/class/osfp/osfp0/present") as f:
        return f.read().strip() == "0"


def plugger():
    rnd = random.Random(1)
    try:
        while running():
            cmd(0, "unplug")
            time.sleep(rnd.uniform(0, 0.3))
            guard = time.monotonic() + 60   # a hang guard, not a measure
            while not seen_absent():
                if time.monotonic() > guard:
                    raise RuntimeError("the driver did not see the module leave in 60 s")
                time.sleep(0.001)
            cmd(0, "plug")
            # from right after the plug (initializing) to well after ready
            time.sleep(rnd.choice([0, 0.005, 0.02, 0.05, 0.2, 0.5, 1.0, 1.5]))
            add("cycles")
            with lock:
                if count["cycles"] >= want_cycles and count["verified"] >= want_verified:
                    stop.set()
    finally:
        cmd(0, "plug")


def eeprom_reader(cage):
    path = "/sys/class/osfp/osfp%d/eeprom" % cage
    while running():
        try:
            f = open(path, "rb", buffering=0)
        except OSError:
            time.sleep(0.01)
            continue
        with f:
            for page in (0, 1, 2):
                try:
                    f.seek(128 * (page + 1))
                    got = f.read(128)
                except OSError:
                    add("errors")
                    continue
                if got is None:
                    # read(2) answered EAGAIN
                    add("eagain")
                    continue
                add("reads")
                if got == pages[cage][(page, 0)]:
                    add("verified")
                else:
                    add("wrong")
                    like = [k for k, v in (("lower", lower[cage]),
                                           ("page 00h", pages[cage][(0, 0)]),
                                           ("page 01h", pages[cage][(1, 0)]),
                                           ("page 02h", pages[cage][(2, 0)])) if got == v]
                    wrong.append("osfp%d page %02xh read %d bytes: %s" %
                                 (cage, page, len(got),
                                  like[0] + "'s" if like else got[:16].hex() + "..."))


def sysfs_reader(cage):
    d = "/sys/class/osfp/osfp%d" % cage
    while running():
        files = glob.glob(d + "/*") + glob.glob(d + "/lane[1-8]/*")
        for f in files:
            if os.path.basename(f) in ("eeprom", "reset", "uevent") or os.path.isdir(f):
                continue
            # The module attributes answer EAGAIN while the module is
            # identified (documented): os.read raises it, as any error
            try:
                fd = os.open(f, os.O_RDONLY)
            except OSError:
                add("errors")
                continue
            try:
                os.read(fd, 4096)
                add("reads")
            except OSError:
                add("errors")
            finally:
                os.close(fd)


def runner(argv):
    while running():
        rc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        add("reads" if rc == 0 else "errors")


def guarded(name, fn, *args):
    def run():
        try:
            fn(*args)
        except BaseException:
            died.append("%s: %s" % (name, traceback.format_exc().strip().splitlines()[-1]))
            for line in traceback.format_exc().splitlines():
                print("# " + line, file=sys.stderr)
            stop.set()
    return threading.Thread(target=run, name=name)


threads = [guarded("plugger", plugger)]
for c in (0, 1):
    threads.append(guarded("eeprom reader %d" % c, eeprom_reader, c))
    threads.append(guarded("sysfs reader %d" % c, sysfs_reader, c))
    threads.append(guarded("ethtool -m osfp%d" % c, runner, ["ethtool", "-m", "osfp%d" % c]))
threads.append(guarded("sensors", runner, ["sensors"]))
for t in threads:
    t.start()
for t in threads:
    t.join()
secs = time.monotonic() - start

print("# storm [%s]: %d s, %d plug cycles, %d reads, %d eeprom pages verified, "
      "%d refused (module away), %d EAGAIN from eeprom, %d wrong" %
      (os.environ.get("OSFP_KERNEL", "?"), secs, count["cycles"], count["reads"],
       count["verified"], count["errors"], count["eagain"], count["wrong"]))
checks = [
    (count["wrong"] == 0, "no read returned another page's bytes (%d verified)%s" %
     (count["verified"], "" if not wrong else ": " + ", ".join(wrong[:5]))),
    (count["eagain"] == 0, "item 1: the eeprom file never answers EAGAIN (a Python "
     "reader would get None): %d times" % count["eagain"]),
    (not died, "item 1: every thread ran to the end%s" %
     ("" if not died else " (died: " + "; ".join(died) + ")")),
    (count["cycles"] >= want_cycles and count["verified"] >= want_verified,
     "the storm ran (%d cycles of %d, %d verified reads of %d)" %
     (count["cycles"], want_cycles, count["verified"], want_verified)),
]
for good, what in checks:
    print("%s - t-storm: %s" % ("ok" if good else "not ok", what))
sys.exit(0 if all(good for good, _ in checks) else 1)
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
