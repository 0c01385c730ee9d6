#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 80
#
# The sysfs ABI (Documentation/ABI/testing/sysfs-class-osfp) with the default
# modules, 400G SR4 in cage 0 and 800G 2x400G DR4 in cage 1: every module and
# lane attribute as the image bytes say; the device, netdev and hwmon links;
# tx_disable down to the module's page 10h; lpmode and power_policy through
# the power state machine (and shared with ethtool); reset; hostile writes
# rejected, the module unchanged; pollers woken by a lane flag through the
# module interrupt; flag attributes without bus access, the data path
# status cached for at most 1 s; the eeprom file against the image and
# ethtool -m. No check depends on the machine's speed: the waits are for
# conditions (with generous bounds), the counts are bounded by what the
# driver did, and a poller that dies fails its check.
# t-sysfs-images.sh covers the other images.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_EMU
ET=/usr/sbin/ethtool
sr4=$(osfp_default_image 0)
dr4=$(osfp_default_image 1)
c0=/sys/class/osfp/osfp0
c1=/sys/class/osfp/osfp1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

emu_state() { awk '$1 == "state" { print $2 }' "/sys/kernel/osfp_emu/port$1/stats"; }

t_ok "both modules ready" \
	osfp_wait "[ \"\$(cat $c0/module_state)\" = ready ] && [ \"\$(cat $c1/module_state)\" = ready ]" 5000

# ---- the class device and its neighbours ----

t_eq "osfp0 osfp1" "$(find /sys/class/osfp/ -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"one class device per cage, named after the cage label"
t_eq osfp-cage "$(basename "$(readlink -f $c0/device/driver)")" "device is the cage platform device"
t_eq osfp0 "$(ls $c0/device/net)" "the cage's netdev is under device/net/"
t_eq "$(readlink -f $c0/device)" "$(readlink -f /sys/class/net/osfp0/device)" \
	"the netdev's device is the cage"
hw=$(ls -d $c0/device/osfp_hwmon.*/hwmon/hwmon* 2>/dev/null)
t_eq osfp "$(cat "$hw/name" 2>/dev/null)" \
	"the module's hwmon device is under device/osfp_hwmon.N/hwmon/ (one lm-sensors chip per cage)"
t_eq "-rw-------" "$(stat -c %A $c0/eeprom)" "eeprom is root-only, mode 0600"
t_eq "$SL_EE_SIZE" "$(stat -c %s $c0/eeprom)" "eeprom is (4 * 256 + 1) * 128 bytes"
t_eq "--w-------" "$(stat -c %A $c0/reset)" "reset is write-only for root"
t_eq "-rw-r--r-- -rw-r--r--" "$(stat -c %A $c0/lpmode) $(stat -c %A $c0/power_policy)" \
	"lpmode and power_policy: rw-r--r--"

# ---- every attribute, as the image says ----

sl_check_identity 0 "$sr4" "400G SR4"
sl_check_identity 1 "$dr4" "800G 2x400G DR4"
t_eq "1 400GAUI-8 C2M -> 400GBASE-SR4 host 8 media 4 lanes 0x01" "$(head -n1 $c0/applications)" \
	"applications: the SR4's first line, as the ABI example"
t_eq "0 high" "$(cat $c0/lpmode) $(cat $c0/power_policy)" "lpmode 0 and power_policy high by default"

# ---- eeprom: the static pages against the image and ethtool -m ----

sl_check_eeprom 0 "$sr4" "400G SR4"
sl_check_eeprom 1 "$dr4" "800G DR4"
# Lower memory: identity and static bytes (the flag bytes 8-13 and the
# selection bytes 126-127 are live).
lower_et=$($ET -m osfp0 offset 0 length 128 hex on | sl_hexdump)
lower_ee=$(sl_pread $c0/eeprom 0 128)
t_eq "$(cut -d' ' -f1-3,15-126 <<<"$lower_et")" "$(cut -d' ' -f1-3,15-126 <<<"$lower_ee")" \
	"eeprom lower memory is what ethtool -m offset 0 reads (bytes 0-2, 14-125)"
t_eq "$(cmis_page "$sr4" lower | cut -d' ' -f15-126)" "$(cut -d' ' -f15-126 <<<"$lower_ee")" \
	"eeprom lower memory bytes 14-125 are the image's"
t_eq "$(cmis_page "$sr4" 'page 10')" "$(sl_pread $c0/eeprom "$(sl_ee_off 0 0x10 128)" 128)" \
	"eeprom page 10h at 128 * 17 is the image's"
t_eq "$(cmis_page "$sr4" 'page 02')" "$(sl_pread $c0/eeprom 384 128)" "optoe3 offset of page 02h: 384"
t_eq "<EIO>" "$(sl_pread $c0/eeprom "$(sl_ee_off 0 3 128)" 128)" "page 03h, not advertised: EIO"
t_eq "<EIO>" "$(sl_pread $c0/eeprom "$(sl_ee_off 1 0x10 128)" 128)" \
	"page 10h of bank 1, not advertised by a 1-bank module: EIO"
t_eq "<EIO>" "$(sl_pread $c0/eeprom 640 128)" "page 04h: EIO"
got=$(sl_pread $c0/eeprom 256 1024)
t_eq "$(cmis_page "$sr4" 'page 01') $(cmis_page "$sr4" 'page 02')" "$got" \
	"a read across pages 01h-03h stops before page 03h"
t_eq "" "$(sl_pread $c0/eeprom "$SL_EE_SIZE" 16)" "a read at the end of the file returns nothing"
t_eq "<EFBIG>" "$(sl_pwrite $c0/eeprom "$SL_EE_SIZE" 00)" "a write at the end of the file: EFBIG"

# ---- tx_disable: down to page 10h byte 130 of the module ----

raw=$(sl_raw_read 0 0 0x10 130 1)
t_eq "$(printf '%02x' "$(cmis_byte "$sr4" 'page 10' 130)")" "$raw" "raw: OutputDisableTx as the image has it"
t_ok "echo 1 > lane2/tx_disable" sh -c "echo 1 > $c0/lane2/tx_disable"
t_eq 1 "$(cat $c0/lane2/tx_disable)" "lane2/tx_disable reads 1"
t_eq "$(printf '%02x' $((0x$raw | 0x02)))" "$(sl_raw_read 0 0 0x10 130 1)" \
	"raw: the module has bit 1 (lane 2) of page 10h byte 130 set, the rest unchanged"
t_eq "$(printf '%02x' $((0x$raw | 0x02)))" "$(sl_pread $c0/eeprom "$(sl_ee_off 0 0x10 130)" 1)" \
	"the eeprom file shows it at 128 * 17 + 2"
t_eq "0 1 0" "$(cat $c0/lane1/tx_disable) $(cat $c0/lane2/tx_disable) $(cat $c0/lane3/tx_disable)" \
	"lanes 1 and 3 untouched"
t_eq deactivated "$(cat $c0/lane2/datapath_state)" \
	"the emulated module deactivates lane 2's data path, seen at once"
t_eq activated "$(cat $c0/lane1/datapath_state)" "lane 1's data path still activated"
t_ok "echo 0 > lane2/tx_disable" sh -c "echo 0 > $c0/lane2/tx_disable"
t_eq "$raw" "$(sl_raw_read 0 0 0x10 130 1)" "raw: byte 130 back to the image's"
t_eq activated "$(cat $c0/lane2/datapath_state)" "lane 2's data path activated again"
t_eq "ok 1" "$(sl_pwrite $c0/eeprom "$(sl_ee_off 0 0x10 130)" 04)" \
	"the eeprom file writes page 10h byte 130 (lane 3)"
t_eq "1 $(printf '%02x' 4)" "$(cat $c0/lane3/tx_disable) $(sl_raw_read 0 0 0x10 130 1)" \
	"lane3/tx_disable and the module follow the eeprom write"
t_eq "ok 1" "$(sl_pwrite $c0/eeprom "$(sl_ee_off 0 0x10 130)" "$raw")" "and back"

# ---- lpmode and power_policy through the power state machine ----

t_ok "echo 1 > lpmode" sh -c "echo 1 > $c0/lpmode"
t_eq 1 "$(cat $c0/lpmode)" "lpmode reads the request"
t_ok "lpmode 1: the module goes to ModuleLowPwr" \
	osfp_wait "[ \"\$(emu_state 0)\" = lowpwr ] && [ \"\$(cat $c0/module_state)\" = low-power ]" 5000
t_eq ready "$(emu_state 1)" "cage 1 stays ready"
# The module deactivated its data paths before it reached ModuleLowPwr: a
# read made once the status cache's second is over shows it.
sleep 1.1
t_eq deactivated "$(cat $c0/lane1/datapath_state)" \
	"lpmode 1: lane data paths deactivated, read 1 s after (status cache)"
t_ok "ethtool sees low power" sh -c "$ET --show-module osfp0 | grep -q 'power-mode: low'"
t_ok "echo 0 > lpmode" sh -c "echo 0 > $c0/lpmode"
t_ok "lpmode 0: the module goes back to ModuleReady" \
	osfp_wait "[ \"\$(emu_state 0)\" = ready ] && [ \"\$(cat $c0/module_state)\" = ready ]" 5000
t_eq 0 "$(cat $c0/lpmode)" "lpmode reads 0"

t_ok "echo auto > power_policy" sh -c "echo auto > $c0/power_policy"
t_eq auto "$(cat $c0/power_policy)" "power_policy reads auto"
t_ok "ethtool shows power-mode-policy auto" \
	sh -c "$ET --show-module osfp0 | grep -q 'power-mode-policy: auto'"
t_ok "auto with osfp0 down: low-power" \
	osfp_wait "[ \"\$(cat $c0/module_state)\" = low-power ]" 5000
$ET --set-module osfp0 power-mode-policy high
t_eq high "$(cat $c0/power_policy)" "ethtool --set-module power-mode-policy high shows in sysfs"
t_ok "the module is ready again after the policy changes" \
	osfp_wait "[ \"\$(cat $c0/module_state)\" = ready ] && [ \"\$(emu_state 0)\" = ready ]" 5000

# ---- hostile writes: rejected, nothing changes ----

echo 1 >$c0/lane4/tx_disable	# a marker a reset would clear
before=$(sl_raw_read 0 0 0x10 130 1)
writable=$(emu_read 0 26 11; sl_raw_read 0 0 0x10 128 128)
# Bad values, as hex: "2", "-1", a newline alone, "1" with two newlines or
# padding, NULs, words, near misses of "high" and "auto", 4 and 8 KiB of
# garbage; and an empty write.
hostile="$(sl_hex 2) $(sl_hex -1) 0a 310a0a $(sl_hex ' 1') $(sl_hex '1 ') 00 3100 31000a
	$(sl_hex yes) $(sl_hex on) $(sl_hex true) $(sl_hex HIGH) $(sl_hex 'high ') 6175746f0a0a
	$(sl_hex auto-) $(sl_hex 01) $(sl_hex 0x1) $(sl_hex hi) $(sl_hex lowpower)
	$(sl_garbage 4096) $(sl_garbage 8192)"
for f in lpmode power_policy reset lane2/tx_disable; do
	for v in $hostile -; do
		echo "$c0/$f 0 $v"
	done
done | sl_writes >"$tmp/hostile"
bad=$(awk '{ r = $4 " " $5; sub(/ $/, "", r); want = "<EINVAL>" }
	$3 == "-" { want = "ok 0" }
	length($3) > 8192 && r == "<E2BIG>" { want = r }
	r != want { printf " %s:%.12s->%s", $1, $3, r }' "$tmp/hostile")
t_eq $((4 * ($(wc -w <<<"$hostile") + 1))) "$(wc -l <"$tmp/hostile")" "every hostile write was tried"
t_eq "" "$bad" "bad values (2, -1, newline only, padding, NULs, words, 4 KiB and 8 KiB of garbage) fail with EINVAL; an empty write does nothing"
t_eq "<EINVAL>" "$(sl_write $c0/reset 0)" "reset: 0 fails with EINVAL"
bad=$(for f in present module_state identifier vendor_name lane_count lane1/rx_los \
	lane1/rx_los_events lane1/appsel lane1/datapath_state; do
	echo "$c0/$f 0 31"
done | sl_writes | awk '$4 != "<EACCES>" { printf " %s->%s", $1, $4 }')
t_eq "" "$bad" "read-only attributes refuse writes (EACCES)"
t_eq "<EACCES>" "$(sl_pread $c0/reset 0 1)" "reset is not readable"
bad=$(for w in 126:00 127:00 126:0000 127:11 126:0110 0:18 2:00 26:0000 27:00 37:00 130:00 \
	"$(sl_ee_off 0 1 130)":00 "$(sl_ee_off 0 2 128)":00 "$(sl_ee_off 0 0x11 130)":00 \
	"$(sl_ee_off 1 0x10 130)":00 "$(sl_ee_off 0 3 128)":00; do
	echo "$c0/eeprom ${w%%:*} ${w#*:}"
done | sl_writes | awk '$4 != "<EPERM>" && $4 != "<EIO>" { printf " %s:%s->%s", $2, $3, $4 }')
t_eq "" "$bad" "eeprom writes outside the host-writable bytes (select bytes 126-127, identity, page 11h, pages not advertised) fail"
t_eq "<EPERM>" "$(sl_pwrite $c0/eeprom 127 00)" "eeprom: PageSelect write fails with EPERM"
t_eq "<EIO>" "$(sl_pwrite $c0/eeprom "$(sl_ee_off 1 0x10 130)" 00)" "eeprom: write to a bank not advertised fails with EIO"
t_eq "$writable" "$(emu_read 0 26 11; sl_raw_read 0 0 0x10 128 128)" \
	"raw: the module's host-writable bytes (lower 26-36, page 10h) unchanged"
t_eq "0 high ready" "$(cat $c0/lpmode) $(cat $c0/power_policy) $(cat $c0/module_state)" \
	"lpmode, power_policy and the module state unchanged"
t_eq "$before" "$(sl_raw_read 0 0 0x10 130 1)" "raw: tx_disable bits unchanged (no reset happened)"
t_eq "0 1" "$(cat $c0/lane2/tx_disable) $(cat $c0/lane4/tx_disable)" "lane2/ and lane4/tx_disable unchanged"

# ---- lane flags: no bus access, pollers woken, event counters ----

sl_quiet 0
"$emu" stats 0 --reset >/dev/null
cat $c0/lane*/rx_los $c0/lane*/*_events $c0/lane*/tx_fault >/dev/null
t_eq 0 "$(emu_stat 0 transactions)" "reading every lane flag and counter costs no bus transaction"

# With the module interrupt the driver polls no flag of a quiet module (no
# transaction in the second sl_quiet waited, none for the reads above): a
# poller woken at all was woken through the interrupt.
SL_ARMED=$tmp/armed sl_watch $c0/lane3/rx_los 60000 1 >"$tmp/watch" &
watcher=$!
t_ok "a poller of lane3/rx_los is armed" sl_wait_armed "$tmp/armed" "$watcher"
"$emu" set 0 lane 3 rx-los 1
t_ok "the poller exits cleanly once woken" wait "$watcher"
read -r t1 v <<<"$(tail -n1 "$tmp/watch")"
t_eq 1 "$v" "a poller of lane3/rx_los wakes up (through the module interrupt) and reads 1"
t_eq "1 1" "$(cat $c0/lane3/rx_los) $(cat $c0/lane3/rx_los_events)" "lane3/rx_los 1, rx_los_events 1"
t_eq "0 0 0 0" "$(cat $c0/lane2/rx_los $c0/lane4/rx_los $c0/lane3/tx_los $c0/lane3/rx_cdr_lol | tr '\n' ' ' | sed 's/ $//')" \
	"other lanes and flags stay 0"
t_eq 0 "$(cat $c1/lane3/rx_los)" "cage 1 unaffected"
t_eq "$(printf '%02x' 4)" "$(sl_pread $c0/eeprom "$(sl_ee_off 0 0x11 147)" 1)" \
	"the eeprom file's page 11h byte 147 carries the cached flag"
t_eq 1 "$(cat $c0/lane3/rx_los)" "reading the flag byte through eeprom hides nothing from sysfs"

SL_ARMED=$tmp/armed2 sl_watch $c0/lane3/rx_los 60000 0 >"$tmp/watch2" &
watcher=$!
t_ok "a poller of lane3/rx_los is armed again" sl_wait_armed "$tmp/armed2" "$watcher"
"$emu" set 0 lane 3 rx-los 0
t_ok "the poller exits cleanly once woken again" wait "$watcher"
t_eq 0 "$(tail -n1 "$tmp/watch2" | cut -d' ' -f2)" "the poller is woken again when the flag clears"
t_eq "0 1" "$(cat $c0/lane3/rx_los) $(cat $c0/lane3/rx_los_events)" "rx_los 0, the event count stays 1"

SL_ARMED=$tmp/armed3 sl_watch $c0/lane5/tx_fault_events 60000 1 >"$tmp/watch3" &
watcher=$!
t_ok "a poller of lane5/tx_fault_events is armed" sl_wait_armed "$tmp/armed3" "$watcher"
"$emu" set 0 lane 5 tx-fault 1
t_ok "the tx_fault_events poller exits cleanly once woken" wait "$watcher"
"$emu" set 0 lane 5 tx-fault 0
t_eq 1 "$(head -n1 "$tmp/watch3" | cut -d' ' -f2)" "a poller of lane5/tx_fault_events wakes up and reads 1"

# ---- the data path status: cached for at most 1 s, one bank read ----

# The cache lives 1 s, so how many times it is filled while the attributes
# are read depends on how long the reads take: the reads use shell
# built-ins only (no fork), their time is measured ($EPOCHREALTIME, a
# built-in too), and the transactions are bounded by the fills that time
# allows, at most 3 each (a page select and two reads: bytes 128-131 and
# 206-213 of page 11h). One read per lane attribute would cost 2 or more
# per attribute read.
now_us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }
rd_all() {
	local f v
	for f in "$@"; do read -r v <"$f"; done
}
dp_files=($c0/lane*/datapath_state $c0/lane*/data_path_id $c0/lane*/appsel $c0/active_application)
sl_quiet 0
"$emu" stats 0 --reset >/dev/null
t0=$EPOCHREALTIME
rd_all "${dp_files[@]}"
t1=$EPOCHREALTIME
n=$(emu_stat 0 transactions)
rd_all "${dp_files[@]}"
t2=$EPOCHREALTIME
n2=$(emu_stat 0 transactions)
ms1=$(((${t1/./} - ${t0/./}) / 1000))
ms2=$(((${t2/./} - ${t0/./}) / 1000))
fills=$((1 + ms1 / 1000))
if [ "$n" -ge 1 ] && [ "$n" -le $((3 * fills)) ]; then
	t_pass "every lane's data path status (${#dp_files[@]} attributes) costs $n transactions ($ms1 ms: at most $fills fills of 3)"
else
	t_fail "every lane's data path status (${#dp_files[@]} attributes) costs $n transactions (expected 1-$((3 * fills)) for $ms1 ms: $fills fills of at most 3)"
fi
if [ "$ms2" -lt 1000 ]; then
	t_eq "$n" "$n2" "read again within the cache's second: no bus transaction"
else
	# Slower than the cache's life: bounded by the fills again
	fills=$((1 + ms2 / 1000))
	t_ok "read again ($ms2 ms after the first): at most $fills fills of 3 in all" \
		test "$n2" -le $((3 * fills))
fi
t_eq 0 "$(emu_stat 0 violations)" "no read or write size violation"

# A poke of the active AppSel of lane 1 through the emulator's control file
# (shell built-ins only): not seen by a read made within the second of the
# read that filled the cache, seen by one made after it. A try whose two
# reads were not within the second (a stalled VM) says nothing about the
# cache and is made again.
old=$(cmis_byte "$sr4" 'page 11' 206)
cmd=/sys/kernel/osfp_emu/port0/command
ok=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
	sleep 1.1	# the cache's second is over: the next read fills it
	t0=$(now_us)
	read -r v1 <$c0/lane1/appsel
	echo "set byte 11 206 $(((old & 0x0f) | 0x20))" >$cmd
	read -r v2 <$c0/lane1/appsel
	t1=$(now_us)
	if [ $((t1 - t0)) -lt 1000000 ]; then
		ok=1
		break
	fi
	echo "set byte 11 206 $old" >$cmd
done
t_eq "$((old >> 4)) $((old >> 4)) 1" "$v1 $v2 ${ok:-0}" \
	"a changed AppSel is not read within the second of the last read (cached)"
# After the second, whatever the machine's speed, the next read fills again
sleep 1.1
t_eq 2 "$(cat $c0/lane1/appsel)" "the change shows in a read made 1 s after the last fill"
t_eq "1 2" "$(cat $c0/active_application)" "active_application lists both AppSels in use"
echo "set byte 11 206 $old" >$cmd
sleep 1.1
t_eq "$((old >> 4))" "$(cat $c0/lane1/appsel)" "and back"

# ---- reset: the reset line pulsed, the module initialized again ----

t_eq "1 1" "$(cat $c0/lane4/tx_disable) $(cat $c0/lane3/rx_los_events)" \
	"before the reset: lane4 Tx disabled, one rx_los event counted"
SL_ARMED=$tmp/armed4 sl_watch $c0/module_state 120000 ready >"$tmp/states" &
watcher=$!
t_ok "a module_state poller is armed" sl_wait_armed "$tmp/armed4" "$watcher"
# The module's management init after the reset is held (the emulator's
# slow fault: 10 s) until the poller has seen the driver wait for it
# (initializing, then error once tMgmtInit is over), so that a slow poller
# cannot miss it; then released.
"$emu" fault 0 slow
t_ok "echo 1 > reset" sh -c "echo 1 > $c0/reset"
t_ok "a module_state poller sees the module initializing after the reset" \
	osfp_wait "grep -qE ' (initializing|error)\$' $tmp/states" 60000
"$emu" fault 0 clear
t_ok "the module_state poller sees it ready again and exits cleanly" wait "$watcher"
states=$(cut -d' ' -f2 "$tmp/states" | tr '\n' ' ' | sed 's/ $//')
case $states in
*initializing*ready | *error*ready) t_pass "module_state pollers see the module initialized again ($states)" ;;
*) t_fail "module_state pollers see the module initialized again (saw '$states')" ;;
esac
t_eq ready "$(cat $c0/module_state)" "ready again after the reset"
t_eq "$(printf '%02x' "$(cmis_byte "$sr4" 'page 10' 130)")" "$(sl_raw_read 0 0 0x10 130 1)" \
	"raw: the module's memory is the image's again (lane 4 Tx enabled)"
t_eq "0 0" "$(cat $c0/lane4/tx_disable) $(cat $c0/lane3/rx_los_events)" \
	"lane4/tx_disable 0 and the event counters restart"
t_ok "dmesg logs the reset" sh -c "dmesg | grep -q 'osfp0: module reset'"
sl_check_identity 0 "$sr4" "400G SR4 after the reset"

t_done
