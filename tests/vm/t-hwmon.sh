#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 100
#
# hwmon: lm-sensors, sysfs and Prometheus node_exporter see each module's
# monitors, thresholds and alarms as the image bytes say; live values are
# cached for update_interval; alarms come from the flag cache and consume
# nothing ethtool needs; the device follows the module; a sensors run costs
# at most 3 bus transactions cold and none warm.
# Cage 0: 400G SR4 (8 lanes, monitors on 1-4); cage 1: 800G 2x400G DR4
# (8 lanes, Tx bias multiplier x2).

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/hwmon-lib.sh"

emu=$OSFP_EMU
sr4=$(osfp_default_image 0)
dr4=$(osfp_default_image 1)
xd=$OSFP_DATA/osfp-xd-16lane.cmis
cu=$OSFP_DATA/osfp-passive-copper.cmis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

osfp_wait 'hwl_dir 0 && hwl_dir 1' 5000
hw0=$(hwl_dir 0)
hw1=$(hwl_dir 1)
t_ok "one hwmon device per module, child of its cage" test -n "$hw0" -a -n "$hw1"
t_eq "osfp osfp" "$(cat "$hw0/name") $(cat "$hw1/name")" "hwmon name"
t_eq 1000 "$(cat "$hw0/update_interval")" "update_interval defaults to 1000 ms"
t_eq "osfp0 osfp1" "$(cat "$hw0/label") $(cat "$hw1/label")" "item 11: each chip's label is its cage's label"

# ---- item 11: one lm-sensors chip per module ----
# libsensors numbers a platform device's chip after the dot of its name
# only when the part before has no dash: "osfp-cage.1" gave osfp-isa-0000.
t_eq "osfp-isa-0000 osfp-isa-0001" "$(sensors 2>/dev/null | grep '^osfp-' | sort | xargs)" \
	"item 11: sensors shows osfp-isa-0000 and osfp-isa-0001"
t_eq "osfp-isa-0000=osfp0 osfp-isa-0001=osfp1" "$(sensors -j 2>/dev/null | "$HWL_PY" -c '
import json, sys
out = []
for chip, feats in json.load(sys.stdin, object_pairs_hook=lambda p: p):
    if chip.startswith("osfp-"):
        cages = sorted({label.split()[0] for label, subs in feats if isinstance(subs, list)})
        out.append("%s=%s" % (chip, ",".join(cages)))
print(" ".join(sorted(out)))')" "item 11: each chip shows one cage's module (sensors -j)"
t_eq "osfp0 temperature osfp1 temperature" \
	"$(for c in osfp-isa-0000 osfp-isa-0001; do sensors "$c" 2>/dev/null | grep -o '^osfp[0-9] temperature'; done | xargs)" \
	"item 11: sensors CHIP selects one module"

# ---- every advertised channel, as the image says ----
check_module() {	# CAGE IMAGE WHAT
	local dir exp=$tmp/exp$1 bad n

	dir=$(hwl_dir "$1")
	hwl_expect "$2" "osfp$1" >"$exp"
	n=$(wc -l <"$exp")
	bad=$(hwl_sysfs_diff "$dir" "$exp" | head -n 5)
	t_eq "" "$bad" "osfp$1 ($3): sysfs: $n attributes, labels and channel set as the image says"
	hwl_sensors_expected "$exp" >"$tmp/want$1"
	sensors -j 2>/dev/null | hwl_sensors_json "osfp$1" >"$tmp/got$1"
	bad=$(diff "$tmp/want$1" "$tmp/got$1" | grep '^[<>]' | head -n 5)
	t_eq "" "$bad" "osfp$1 ($3): sensors -j lists $n values, thresholds and alarms as the image says"
}
check_module 0 "$sr4" "400G SR4"
check_module 1 "$dr4" "800G DR4, bias x2"
t_eq "osfp1 lane1 tx bias: 52" "$(cat "$hw1/curr1_label"): $(cat "$hw1/curr1_input")" \
	"osfp1 lane 1 bias 13100 x 4 uA = 52.4 mA shown in mA"
t_eq "osfp1 lane1 rx power" "$(cat "$hw1/power9_label")" "Rx power of lane N is power(L+N) (L = 8)"
t_ok "no channel beyond the module's lanes" \
	test ! -e "$hw1/curr9_input" -a ! -e "$hw1/power17_input"

# ---- live values are cached for update_interval ----
echo 10 >"$hw0/update_interval"
t_eq 100 "$(cat "$hw0/update_interval")" "update_interval clamped to 100 ms"
echo 10000 >"$hw0/update_interval"
t_eq 10000 "$(cat "$hw0/update_interval")" "update_interval writable"
# A fresh refresh first (the last one may be up to 10 s old), then the
# change and a read within the 10 s: timed ($EPOCHREALTIME), and made
# again if a stalled VM let the interval pass between the two reads.
cached=""
for _ in 1 2 3 4 5; do
	echo 100 >"$hw0/update_interval"
	sleep 0.2
	echo 10000 >"$hw0/update_interval"
	t0=$EPOCHREALTIME
	read -r before <"$hw0/temp1_input"
	"$emu" set 0 temp 45500
	read -r after <"$hw0/temp1_input"
	t1=$EPOCHREALTIME
	if [ $(((${t1/./} - ${t0/./}) / 1000)) -lt 10000 ]; then
		cached="$before $after"
		break
	fi
	"$emu" set 0 temp "$before"
done
t_eq "$before $before" "$cached" \
	"a changed temperature is not read within the interval (cached)"
echo 1000 >"$hw0/update_interval"
sleep 1.2
t_eq 45500 "$(cat "$hw0/temp1_input")" "the new temperature appears once update_interval has passed"
t_eq "45.500" "$(sensors -j 2>/dev/null | hwl_sensors_json osfp0 |
	awk -F '\t' '$2 == "temp1_input" { print $3 }')" "sensors shows 45.5 degC"

# ---- alarms from the flag cache: hwmon reads consume nothing ----
"$emu" set 0 lane 3 rx-los 1
"$emu" set 0 lane 3 rx-power-low-alarm 1
osfp_wait "[ \"\$(cat $hw0/power11_lcrit_alarm)\" = 1 ]" 3000
t_eq 1 "$(cat "$hw0/power11_lcrit_alarm")" "lane 3 Rx power low alarm: power11_lcrit_alarm 1"
t_eq "1.000" "$(sensors -j 2>/dev/null | hwl_sensors_json osfp0 |
	awk -F '\t' '$1 == "osfp0 lane3 rx power" && $2 == "power11_lcrit_alarm" { print $3 }')" \
	"sensors shows the alarm on 'osfp0 lane3 rx power'"
bad=$(for f in "$hw0"/*_alarm; do
	[ "$f" = "$hw0/power11_lcrit_alarm" ] || [ "$(cat "$f")" = 0 ] || basename "$f"
done)
t_eq "" "$bad" "no other alarm set"
ethtool -m osfp0 page 0x11 offset 147 length 4 >"$tmp/raw" 2>&1
t_eq "04 00 00 04" "$(awk '/^0x/ { $1 = ""; sub(/^ +/, ""); print }' "$tmp/raw")" \
	"after hwmon read them, ethtool still gets Rx LOS and Rx power low alarm of lane 3 (11h:147, 150)"
# ethtool 6.1 prints lane flags tested against the lane index instead of its
# bit (flag & (N - 1) for "Channel N"): bit 2 (lane 3) shows on Channels 5-8.
ethtool -m osfp0 >"$tmp/m" 2>&1
want='' got=''
for n in 1 2 3 4 5 6 7 8; do
	if (((n - 1) & 4)); then want+=On; else want+=Off; fi
	got+=$(awk -v n="(Channel $n)" 'index($0, "Laser rx power low alarm") && index($0, n) {
		sub(/.*: /, ""); print; exit }' "$tmp/m" | tr -d ' ')
done
t_eq "$want" "$got" \
	"ethtool -m osfp0 shows the lane 3 Rx power low alarm (where ethtool 6.1 puts it)"
t_eq 1 "$(cat "$hw0/power11_lcrit_alarm")" "after ethtool read it, hwmon still shows the alarm"

# ---- Prometheus node_exporter ----
# Installed on the host (the VM's root file system) by tools/osfp-setup.
if ! command -v prometheus-node-exporter >/dev/null; then
	t_fail "node_exporter: prometheus-node-exporter not installed on the host (tools/osfp-setup)"
else
	prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
		--collector.hwmon >"$tmp/ne.log" 2>&1 &
	ne=$!
	osfp_wait "hwl_metrics http://127.0.0.1:9100/metrics >$tmp/metrics" 30000
	t_ok "node_exporter ran until stopped (it did not die)" kill "$ne"
	wait "$ne" 2>/dev/null
	read -r chip0 s0 <<<"$(hwl_metric_chip "$tmp/metrics" "osfp0 temperature")"
	read -r chip1 s1 <<<"$(hwl_metric_chip "$tmp/metrics" "osfp1 temperature")"
	t_ok "node_exporter: a chip per module, named osfp" \
		grep -q "^node_hwmon_chip_names{chip=\"$chip0\",chip_name=\"osfp\"} 1" "$tmp/metrics"
	t_ok "node_exporter: the other module's chip" test -n "$chip1" -a "$chip1" != "$chip0"
	got=$(hwl_metric "$tmp/metrics" node_hwmon_temp_celsius "$chip0" "$s0")
	got+=" $(hwl_metric "$tmp/metrics" node_hwmon_temp_celsius "$chip1" "$s1")"
	t_eq "$(awk -v a="$(cat "$hw0/temp1_input")" -v b="$(cat "$hw1/temp1_input")" \
		'BEGIN { printf "%g %g", a / 1000, b / 1000 }')" "$got" \
		"node_hwmon_temp_celsius equals each module's temperature (45.5, 45.25 degC)"
	read -r c s <<<"$(hwl_metric_chip "$tmp/metrics" "osfp0 lane3 rx power")"
	got=$(hwl_metric "$tmp/metrics" node_hwmon_power_watt "$c" "$s")
	# node_exporter scales every power* file, alarms included, from uW to W
	got+=" $(hwl_metric "$tmp/metrics" node_hwmon_power_lcrit_alarm_watt "$c" "$s")"
	t_eq "$(awk -v p="$(cat "$hw0/power11_input")" 'BEGIN { printf "%g 1e-06", p / 1e6 }')" "$got" \
		"node_exporter: lane 3 Rx power and its low alarm"
	t_eq 32 "$(grep -c "^node_hwmon_power_watt{chip=\"\\($chip0\\|$chip1\\)\"" "$tmp/metrics")" \
		"node_exporter: 16 power series per module"
fi

"$emu" set 0 lane 3 rx-los 0
"$emu" set 0 lane 3 rx-power-low-alarm 0
t_ok "the alarm drops once the condition is gone and the driver saw it clear" \
	osfp_wait "[ \"\$(cat $hw0/power11_lcrit_alarm)\" = 0 ]" 10000

# ---- cost: at most 3 transactions cold, none warm (cage 1) ----
sleep 1.2				# let cage 1's cache go cold
# Worst case: the module's page selection elsewhere (page 02h), so that the
# refresh needs a page select besides its two reads.
ethtool -m osfp1 page 2 offset 128 length 1 >/dev/null 2>&1
"$emu" stats 1 --reset >/dev/null
sensors >/dev/null 2>&1
t0=$EPOCHREALTIME
sensors >/dev/null 2>&1
t1=$EPOCHREALTIME
cold=$(emu_stat 1 transactions)
# A sensors run takes most of a second under TCG: it may outlive the 1 s
# interval, each refresh costing at most 3 (bounded by the time it took)
ms=$(((${t1/./} - ${t0/./}) / 1000))
t_ok "a cold sensors run costs at most 3 transactions a refresh on the 8-lane module (got $cold in $ms ms)" \
	test "$cold" -ge 1 -a "$cold" -le $((3 * (1 + ms / 1000)))
# Stretch the interval so that a second run falls within it; timed, and
# made again (after a fresh refresh) if a stalled VM outlived it.
echo 10000 >"$hw1/update_interval"
warm=""
for _ in 1 2 3 4 5; do
	t0=$EPOCHREALTIME
	sensors >/dev/null 2>&1
	"$emu" stats 1 --reset >/dev/null
	sensors >/dev/null 2>&1
	t1=$EPOCHREALTIME
	if [ $(((${t1/./} - ${t0/./}) / 1000)) -lt 10000 ]; then
		warm=$(emu_stat 1 transactions)
		break
	fi
done
t_eq 0 "$warm" "a second sensors run within the interval costs no transaction"
echo 1000 >"$hw1/update_interval"
echo "# sensors on osfp1: $cold transactions cold, $warm warm"

# ---- the device follows the module ----
# Remove before replacing, so that the driver cannot miss the change.
replace_module() {	# CAGE IMAGE
	"$emu" unplug "$1"
	osfp_wait "[ \"\$(cat /sys/class/osfp/osfp$1/present)\" = 0 ]" 5000
	"$emu" load "$1" "$2"
	"$emu" plug "$1"
}

"$emu" unplug 0
t_ok "the hwmon device goes when the module is pulled" osfp_wait '! hwl_dir 0' 5000
t_ok "the other cage's device stays" test "$(hwl_dir 1)" = "$hw1"
replace_module 0 "$xd"
t_ok "a 16-lane module gets a device" \
	osfp_wait 'hwl_dir 0 && [ -e "$(hwl_dir 0)/power32_input" ]' 8000
check_module 0 "$xd" "OSFP-XD 16 lanes, 2 banks"
# item 10: a module with 4 banks (32 lanes): the 16-lane image with banks 2
# and 3 added (copies of banks 0 and 1 with other monitor values) and
# advertised (01h:142 bits 1-0 = 2)
"$HWL_PY" - "$xd" "$tmp/xd4-src.cmis" <<'PY'
import re, sys
src, out = sys.argv[1:]
text = open(src).read()
add = []
for sec in re.split(r"(?m)^(?=lower$|page )", text):
    head = sec.split("\n", 1)[0].split()
    if len(head) == 4 and head[0] == "page" and head[1] in ("10", "11"):
        add.append("page %s bank %d\n%s" % (head[1], int(head[3]) + 2, sec.split("\n", 1)[1]))
open(out, "w").write(text.rstrip("\n") + "\n" + "".join(add))
PY
b142=$(cmis_byte "$xd" 'page 01' 142)
sets=("--set=01:142=$(((b142 & ~3) | 2))")
for k in 0 1 2 3 4 5 6 7; do
	sets+=("--set=11.2:$((154 + 2 * k))=$((0x21 + k))" "--set=11.2:$((170 + 2 * k))=$((0x11 + k))"
		"--set=11.2:$((186 + 2 * k))=$((0x19 + k))" "--set=11.3:$((154 + 2 * k))=$((0x31 + k))"
		"--set=11.3:$((170 + 2 * k))=$((0x15 + k))" "--set=11.3:$((186 + 2 * k))=$((0x29 + k))")
done
xd32=$tmp/osfp-xd-32lane.cmis
python3 "$OSFP_DATA/mkimages.py" --derive "$tmp/xd4-src.cmis" "${sets[@]}" "$xd32" >/dev/null 2>"$tmp/derive.err"
t_eq "" "$(cat "$tmp/derive.err")" "item 10: a 4-bank (32-lane) image derived"
replace_module 0 "$xd32"
t_ok "item 10: a 32-lane module gets a device with power64" \
	osfp_wait 'hwl_dir 0 && [ -e "$(hwl_dir 0)/power64_input" ]' 8000
check_module 0 "$xd32" "32 lanes, 4 banks"
t_eq "osfp0 lane32 rx power" "$(cat "$(hwl_dir 0)/power64_label")" "item 10: lane 32 Rx power is power64"
t_ok "item 10: no channel beyond lane 32" test ! -e "$(hwl_dir 0)/power65_input" -a ! -e "$(hwl_dir 0)/curr33_input"
replace_module 0 "$OSFP_DATA/osfp-cmis40-8byte.cmis"
t_ok "a CMIS 4.0 module with 8-byte reads gets a device" \
	osfp_wait 'hwl_dir 0 && [ -e "$(hwl_dir 0)/power16_input" ]' 8000
check_module 0 "$OSFP_DATA/osfp-cmis40-8byte.cmis" "CMIS 4.0, 8-byte reads, bias x4"
seen=$(dmesg | grep -c 'osfp0: .*OSFP-800G-CU2M')
replace_module 0 "$cu"
osfp_wait "[ \"\$(dmesg | grep -c 'osfp0: .*OSFP-800G-CU2M')\" -gt $seen ] && ! hwl_dir 0 &&
	grep -qx ready /sys/class/osfp/osfp0/module_state" 30000
sleep 0.5	# the work that made it ready syncs hwmon right after
t_ok "a module without monitors (passive copper, identified) gets no device" \
	test "$(dmesg | grep -c 'osfp0: .*OSFP-800G-CU2M')" -gt "$seen" -a -z "$(hwl_dir 0)"
replace_module 0 "$sr4"
t_ok "the SR4 module back: a device again, 8 lanes" \
	osfp_wait 'hwl_dir 0 && [ -e "$(hwl_dir 0)/power16_input" ] &&
		[ ! -e "$(hwl_dir 0)/power17_input" ]' 8000
check_module 0 "$sr4" "400G SR4 again"

t_done
