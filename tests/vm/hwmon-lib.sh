# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the hwmon VM test (sourced after testlib.sh): find a cage's
# hwmon device, compute from a module image's bytes every attribute the
# driver must show (Documentation/hwmon/osfp.rst), and read what lm-sensors
# and sysfs show.

HWL_PY=/usr/bin/python3
[ -x "$HWL_PY" ] || HWL_PY=python3

# hwl_dir CAGE: the /sys/class/hwmon/hwmonN directory of the module in
# cage CAGE (the hwmon device whose parent, "osfp_hwmon.N", is a child of
# the cage's platform device).
hwl_dir() {
	local want h

	want=$(readlink -f "/sys/class/osfp/osfp$1/device") || return 1
	for h in /sys/class/hwmon/hwmon*; do
		[ "$(cat "$h/name" 2>/dev/null)" = osfp ] || continue
		if [ "$(readlink -f "$h/device/..")" = "$want" ]; then
			echo "$h"
			return 0
		fi
	done
	return 1
}

# hwl_expect IMAGE CAGE_LABEL: every attribute the driver must show for a
# module with IMAGE in the cage labelled CAGE_LABEL, one per line:
# "CHANNEL<TAB>LABEL<TAB>ATTRIBUTE<TAB>SYSFS_VALUE<TAB>SCALE" where SCALE
# divides the sysfs value into the unit lm-sensors prints (degC, V, A, W;
# 1 for alarms). The bytes come from cmis_page; the flags are the image's.
# One python process: forks are slow in the VM.
hwl_expect() {
	"$HWL_PY" - "$2" "$(cmis_page "$1" lower)" "$(cmis_page "$1" 'page 01')" \
		"$(cmis_page "$1" 'page 02')" "$(cmis_page "$1" 'page 11 bank 0')" \
		"$(cmis_page "$1" 'page 11 bank 1')" "$(cmis_page "$1" 'page 11 bank 2')" \
		"$(cmis_page "$1" 'page 11 bank 3')" <<'PY'
import sys

cl = sys.argv[1]
lo, p1, p2, *p11 = ([int(w, 16) for w in a.split()] for a in sys.argv[2:])


def u16(pg, off):
    off &= 127
    return pg[off] << 8 | pg[off + 1]


def s16(pg, off):
    v = u16(pg, off)
    return v - 65536 if v >= 32768 else v


def bit(pg, off, b):
    return pg[off & 127] >> b & 1


def cdiv(a, b):			# C division: truncates toward zero
    q = abs(a) // b
    return q if a >= 0 else -q


if bit(lo, 2, 7) or len(p1) != 128:
    sys.exit(0)			# flat memory: no monitors
banks = {1: 2, 2: 4}.get(p1[142 - 128] & 3, 1)
lanes = 8 * banks
m160 = p1[160 - 128]
mult = {0: 1, 1: 2, 2: 4}.get(m160 >> 3 & 3, 0)
oma = "" if bit(p1, 151, 4) else " (OMA)"

conv = {
    "temp": lambda r: cdiv(r * 1000, 256),		# 1/256 degC -> mdegC
    "vcc": lambda r: r // 10,				# 100 uV -> mV
    "power": lambda r: r // 10,			# 0.1 uW -> uW
    "bias": lambda r: (r * 2 * mult + 500) // 1000,	# 2 uA x mult -> mA
}


def group(chan, label, scale, kind, raw, th, flags):
    """Input, thresholds at page 02h offset th and the alarms; thresholds
    and flags both in the order high alarm, low alarm, high warn, low warn."""
    c = conv[kind]
    print("%s\t%s\t%s_input\t%d\t%d" % (chan, label, chan, c(raw), scale))
    for i, name in enumerate(("crit", "lcrit", "max", "min")):
        t = s16(p2, th + 2 * i) if kind == "temp" else u16(p2, th + 2 * i)
        print("%s\t%s\t%s_%s\t%d\t%d" % (chan, label, chan, name, c(t), scale))
        print("%s\t%s\t%s_%s_alarm\t%d\t1" % (chan, label, chan, name, flags(i)))


if bit(p1, 159, 0):
    group("temp1", cl + " temperature", 1000, "temp", s16(lo, 14), 128,
          lambda i: bit(lo, 9, i))
if bit(p1, 159, 1):
    group("in0", cl + " supply voltage", 1000, "vcc", u16(lo, 16), 136,
          lambda i: bit(lo, 9, 4 + i))
for n in range(1, lanes + 1):
    pg, slot = p11[(n - 1) // 8], (n - 1) % 8
    if m160 & 1 and mult:
        group("curr%d" % n, "%s lane%d tx bias" % (cl, n), 1000, "bias",
              u16(pg, 170 + 2 * slot), 184, lambda i: bit(pg, 143 + i, slot))
    if m160 & 2:
        group("power%d" % n, "%s lane%d tx power" % (cl, n), 1000000, "power",
              u16(pg, 154 + 2 * slot), 176, lambda i: bit(pg, 139 + i, slot))
    if m160 & 4:
        group("power%d" % (lanes + n), "%s lane%d rx power%s" % (cl, n, oma), 1000000,
              "power", u16(pg, 186 + 2 * slot), 192, lambda i: bit(pg, 149 + i, slot))
PY
}

# hwl_sysfs_diff DIR EXPECTED_FILE: the attributes of hwmon DIR that differ
# from EXPECTED_FILE (hwl_expect output), labels included, plus the input
# files DIR has and should not, one per line; empty when all is equal.
hwl_sysfs_diff() {
	"$HWL_PY" - "$1" "$2" <<'PY'
import glob, os, sys

d, exp = sys.argv[1:]


def get(name):
    try:
        with open(os.path.join(d, name)) as f:
            return f.read().rstrip("\n")
    except OSError as e:
        return "error: %s" % e.strerror


seen = set()
for line in open(exp):
    chan, label, attr, val, _ = line.rstrip("\n").split("\t")
    seen.add(attr)
    if get(attr) != val:
        print("%s: expected %s, got %s" % (attr, val, get(attr)))
    if get(chan + "_label") != label:
        print("%s_label: expected '%s', got '%s'" % (chan, label, get(chan + "_label")))
for f in sorted(glob.glob(os.path.join(d, "*_input"))):
    if os.path.basename(f) not in seen:
        print("%s: not expected" % os.path.basename(f))
PY
}

# hwl_sensors_expected EXPECTED_FILE: what "sensors -j" must print for
# those attributes: "LABEL<TAB>ATTRIBUTE<TAB>VALUE" with VALUE as lm-sensors
# prints it (%.3f of the scaled value), sorted.
hwl_sensors_expected() {
	awk -F '\t' '{ printf "%s\t%s\t%.3f\n", $2, $3, $4 / $5 }' "$1" | LC_ALL=C sort
}

# hwl_sensors_json CAGE_LABEL: the osfp chips' features of "sensors -j" on
# stdin whose label starts with CAGE_LABEL, as hwl_sensors_expected prints
# them, from whichever osfp chip has them.
hwl_sensors_json() {
	"$HWL_PY" -c '
import json, sys
prefix = sys.argv[1] + " "
out = []
for chip, feats in json.load(sys.stdin, object_pairs_hook=lambda p: p):
    if not chip.startswith("osfp-"):
        continue
    for label, subs in feats:
        if not label.startswith(prefix) or not isinstance(subs, list):
            continue
        for name, val in subs:
            out.append("%s\t%s\t%.3f" % (label, name, val))
print("\n".join(sorted(out)))
' "$1" | LC_ALL=C sort
}

# hwl_metrics URL: fetch a Prometheus text exposition.
hwl_metrics() {
	if command -v curl >/dev/null; then
		curl -sf "$1"
	else
		"$HWL_PY" -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"
	fi
}

# hwl_metric FILE NAME CHIP SENSOR: the value of series NAME{chip=CHIP,
# sensor=SENSOR} in a node_exporter exposition.
hwl_metric() {
	awk -v n="$2" -v c="chip=\"$3\"" -v s="sensor=\"$4\"" \
		'index($0, n "{") == 1 && index($0, c) && index($0, s) { print $2; exit }' "$1"
}

# hwl_metric_chip FILE LABEL: the node_exporter chip name of the sensor
# labelled LABEL, then its sensor name ("CHIP SENSOR").
hwl_metric_chip() {
	awk -v l="label=\"$2\"" '/^node_hwmon_sensor_label\{/ && index($0, l) {
		match($0, /chip="[^"]*"/); c = substr($0, RSTART + 6, RLENGTH - 7)
		match($0, /sensor="[^"]*"/); s = substr($0, RSTART + 8, RLENGTH - 9)
		print c, s; exit }' "$1"
}
