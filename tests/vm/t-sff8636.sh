#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 60
#
# Issue 16 item 6: modules that are not CMIS. An SFF-8636 QSFP28 (in an
# OSFP adapter) is shown for what it is, with SFF-8636 offsets: identity in
# sysfs, "ethtool -m" decoded by ethtool's own SFF-8636 code (netlink and the
# legacy ioctl layout), and its temperature, Vcc and 4 lanes through hwmon;
# CMIS-only attributes say EOPNOTSUPP. Neither it nor a module with an
# unknown identifier is ever written: the emulator counts every byte written
# to module memory except the page select (mem_writes), and a CMIS module
# shows that the counter counts.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/ethtool-lib.sh"
. "$OSFP_TOP/tests/vm/hwmon-lib.sh"

emu=$OSFP_TOP/tools/osfp-emu
ET=/usr/sbin/ethtool
img=$OSFP_DATA/qsfp28-100g-sr4.sff8636
d=/sys/class/osfp/osfp0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The image's bytes, each section read once (forks are slow in the VM)
read -ra LO <<<"$(cmis_page "$img" lower)"
read -ra P0 <<<"$(cmis_page "$img" 'page 00')"
read -ra P3 <<<"$(cmis_page "$img" 'page 03')"
# u16 lower|00|03 OFFSET: big-endian 16-bit value of the image
u16() {
	local o=$2 a
	[ "$o" -ge 128 ] && o=$((o - 128))
	case $1 in
	00) a=("${P0[@]}") ;;
	03) a=("${P3[@]}") ;;
	*) a=("${LO[@]}") ;;
	esac
	echo $((16#${a[o]} << 8 | 16#${a[o + 1]}))
}
s16() { local v; v=$(u16 "$@"); [ "$v" -ge 32768 ] && v=$((v - 65536)); echo "$v"; }
# ascii OFFSET LEN: a space-padded string of page 00h, trailing spaces cut
ascii() {
	local o s=""
	for ((o = $1 - 128; o < $1 - 128 + $2; o++)); do
		s="$s\\x${P0[o]}"
	done
	s=$(printf "$s")
	echo "${s%"${s##*[! ]}"}"
}
# fmt FORMAT EXPR: EXPR computed and printed as FORMAT
fmt() { awk -v f="$1" "BEGIN { printf f, $2 }"; }
# swap IMAGE: pull the module of cage 0, plug one with IMAGE
swap() {
	"$emu" unplug 0
	osfp_wait "grep -qx 0 $d/present" 5000 || return 1
	"$emu" load 0 "$1" || return 1
	"$emu" plug 0
}
# cat_err FILE: the error "cat FILE" fails with
cat_err() { cat "$1" 2>&1 >/dev/null | sed 's/.*: //'; }

# Every byte written to the module from its insertion on is counted
"$emu" stats 0 --reset >/dev/null
t_ok "item 6: an SFF-8636 QSFP28 plugged" swap "$img"
t_ok "item 6: SFF-8636 module identified" osfp_wait "grep -qx 0x11 $d/identifier" 10000

# ---- identity, from SFF-8636 offsets ----
t_eq "0x${LO[0]}" "$(cat $d/identifier)" "item 6: identifier 0x11 (QSFP28)"
t_eq "$(ascii 148 16)" "$(cat $d/vendor_name)" "item 6: vendor name from 00h:148-163"
t_eq "$(ascii 168 16)" "$(cat $d/vendor_pn)" "item 6: part number from 00h:168-183"
t_eq "$(ascii 184 2)" "$(cat $d/vendor_rev)" "item 6: revision from 00h:184-185"
t_eq "$(ascii 196 16)" "$(cat $d/vendor_sn)" "item 6: serial number from 00h:196-211"
t_eq "$(ascii 212 8)" "$(cat $d/date_code)" "item 6: date code from 00h:212-219"
t_eq "${P0[37]}:${P0[38]}:${P0[39]}" "$(cat $d/vendor_oui)" "item 6: OUI from 00h:165-167"
t_eq 4 "$(cat $d/power_class)" "item 6: power class 4 from 00h:129"
t_eq 3500 "$(cat $d/max_power_mw)" "item 6: class 4 is 3.5 W"
t_eq 1 "$(cat $d/identity_trusted)" "item 6: CC_BASE and CC_EXT check"
t_eq 4 "$(cat $d/lane_count)" "item 6: 4 lanes"
t_eq ready "$(cat $d/module_state)" "item 6: module_state ready (no CMIS state machine)"
for a in cmis_revision firmware_version firmware_inactive_version hardware_revision \
	media_type fault_cause applications active_application; do
	t_eq "Operation not supported" "$(cat_err $d/$a)" "item 6: CMIS-only $a: EOPNOTSUPP"
done
t_fails "item 6: no CMIS lane directories" test -e $d/lane1

# ---- ethtool -m: ethtool's own SFF-8636 decoder (netlink) ----
$ET -m osfp0 >"$tmp/m" 2>&1
t_eq 0 "$?" "item 6: ethtool -m succeeds"
t_eq "0x11 (QSFP28)" "$(etl_field "$tmp/m" Identifier)" "item 6: ethtool -m: identifier"
t_eq "$(ascii 148 16)" "$(etl_field "$tmp/m" 'Vendor name')" "item 6: ethtool -m: vendor name"
t_eq "$(ascii 168 16)" "$(etl_field "$tmp/m" 'Vendor PN')" "item 6: ethtool -m: vendor PN"
t_eq "$(ascii 196 16)" "$(etl_field "$tmp/m" 'Vendor SN')" "item 6: ethtool -m: vendor SN"
t=$(s16 lower 22)
t_eq "$(fmt '%.2f degrees C' "$t / 256")" \
	"$(etl_field "$tmp/m" 'Module temperature' | sed 's| /.*||')" "item 6: ethtool -m: temperature from lower 22-23"
t_eq "$(fmt '%.4f V' "$(u16 lower 26) / 10000")" \
	"$(etl_field "$tmp/m" 'Module voltage')" "item 6: ethtool -m: Vcc from lower 26-27"
for l in 1 2 3 4; do
	t_eq "$(fmt '%.3f mA' "$(u16 lower $((40 + 2 * l))) * 2 / 1000")" \
		"$(etl_field "$tmp/m" "Laser tx bias current (Channel $l)")" "item 6: ethtool -m: lane $l Tx bias from lower $((40 + 2 * l))"
	t_eq "$(fmt '%.4f mW' "$(u16 lower $((48 + 2 * l))) / 10000")" \
		"$(etl_field "$tmp/m" "Transmit avg optical power (Channel $l)" | sed 's| /.*||')" \
		"item 6: ethtool -m: lane $l Tx power from lower $((48 + 2 * l))"
	t_eq "$(fmt '%.4f mW' "$(u16 lower $((32 + 2 * l))) / 10000")" \
		"$(etl_field "$tmp/m" "Rcvr signal avg optical power(Channel $l)" | sed 's| /.*||')" \
		"item 6: ethtool -m: lane $l Rx power from lower $((32 + 2 * l))"
done
t_eq "$(fmt '%.3f mA' "$(u16 03 184) * 2 / 1000")" \
	"$(etl_field "$tmp/m" 'Laser bias current high alarm threshold')" "item 6: ethtool -m: page 03h thresholds"

# ---- the legacy ioctls: ETH_MODULE_SFF_8636, 640 bytes ----
got=$($ET -m osfp0 hex on | etl_hex)
t_eq 640 "$(echo "$got" | wc -w)" "item 6: legacy layout is 640 bytes (paged SFF-8636)"
zeros=$(printf '00 %.0s' $(seq 128) | sed 's/ $//')
want="${LO[*]:0:127} ${P0[*]} $zeros $zeros ${P3[*]}"
t_eq "$want" "$(echo "$got" | cut -d' ' -f1-127,129-640)" \
	"item 6: legacy dump: lower (but page select), 00h, zeros for absent 01h and 02h, 03h"
t_fails "item 6: page 11h of an SFF-8636 module is refused" \
	$ET -m osfp0 page 0x11 offset 128 length 16

# ---- hwmon ----
h=$(hwl_dir 0)
t_ok "item 6: hwmon device registered" test -n "$h"
t_eq "$((t * 1000 / 256))" "$(cat "$h/temp1_input")" "item 6: hwmon temp1 from lower 22-23"
t_eq "$(($(u16 lower 26) / 10))" "$(cat "$h/in0_input")" "item 6: hwmon in0 (Vcc) from lower 26-27"
for l in 1 2 3 4; do
	ua=$(($(u16 lower $((40 + 2 * l))) * 2))
	t_eq "$(((ua + 500) / 1000))" "$(cat "$h/curr${l}_input")" "item 6: hwmon curr$l (Tx bias, mA)"
	t_eq "$(($(u16 lower $((48 + 2 * l))) / 10))" "$(cat "$h/power${l}_input")" "item 6: hwmon power$l (Tx power, uW)"
	t_eq "$(($(u16 lower $((32 + 2 * l))) / 10))" "$(cat "$h/power$((l + 4))_input")" "item 6: hwmon power$((l + 4)) (Rx power, uW)"
done
t_fails "item 6: no lane 5" test -e "$h/curr5_input"
t_eq "$(($(s16 03 128) * 1000 / 256))" "$(cat "$h/temp1_crit")" "item 6: temp1_crit from 03h:128"
t_eq "$(($(u16 03 150) / 10))" "$(cat "$h/in0_min")" "item 6: in0_min from 03h:150"
t_eq "$(($(u16 03 176) / 10))" "$(cat "$h/power5_crit")" "item 6: Rx power crit from 03h:176"
t_eq "$(($(u16 03 192) / 10))" "$(cat "$h/power1_crit")" "item 6: Tx power crit from 03h:192"
t_fails "item 6: no alarm attributes (flags are not read)" test -e "$h/temp1_crit_alarm"
sensors osfp-isa-0000 >"$tmp/s" 2>&1
t_ok "item 6: sensors shows the module temperature" grep -q "osfp0 temperature: *+$((t / 256))\." "$tmp/s"
t_ok "item 6: sensors shows lane 4 Rx power" grep -q "osfp0 lane4 rx power" "$tmp/s"

# ---- never written ----
err=$(printf '\020' | dd of=$d/eeprom bs=1 seek=26 conv=notrunc 2>&1)
case $err in
*"Operation not permitted"*) t_pass "item 6: eeprom file write of byte 26 refused: EPERM" ;;
*) t_fail "item 6: eeprom file write of byte 26 refused: EPERM (got: $err)" ;;
esac
echo 1 >$d/lpmode
t_ok "item 6: lpmode 1: low power by the pin" osfp_wait "grep -qx low-power $d/module_state" 5000
echo 0 >$d/lpmode
t_ok "item 6: lpmode 0: ready again" osfp_wait "grep -qx ready $d/module_state" 5000
t_ok "item 6: ethtool --reset (the reset line)" $ET --reset osfp0 phy
t_ok "item 6: identified again after the reset" osfp_wait "grep -qx ready $d/module_state" 10000
head -c 256 $d/eeprom >/dev/null
t_eq 0 "$(emu_stat 0 mem_writes)" "item 6: SFF-8636: 0 bytes written (not 26, not 31-36, not 126, no CDB)"
sel=$(emu_stat 0 page_selects)
t_ok "item 6: its pages were read through byte 127 ($sel selects)" test "$sel" -gt 0
t_eq 1 "$(dmesg | grep -c 'osfp0: SFF-8636 QSFP28 module .*never written')" "item 6: SFF-8636 module logged once"

# ---- an unknown identifier ----
python3 "$OSFP_TOP/tests/data/mkimages.py" --derive "$img" --set lower:0=0x7e \
	--set 00:128=0x7e --force "$tmp/unknown.img" 2>/dev/null
"$emu" stats 0 --reset >/dev/null
t_ok "item 6: a module with identifier 0x7e plugged" swap "$tmp/unknown.img"
t_ok "item 6: unknown module identified" osfp_wait "grep -qx 0x7e $d/identifier" 10000
t_ok "item 6: unknown module: module_state ready" osfp_wait "grep -qx ready $d/module_state" 5000
t_eq "Operation not supported" "$(cat_err $d/vendor_name)" "item 6: unknown module: no vendor name"
t_fails "item 6: unknown module: no hwmon device" hwl_dir 0
$ET -m osfp0 >"$tmp/u" 2>&1
t_eq 0 "$?" "item 6: unknown module: ethtool -m succeeds"
t_eq "$(cmis_page "$tmp/unknown.img" lower | cut -d' ' -f1-126)" "$(etl_hex <"$tmp/u" | cut -d' ' -f1-126)" \
	"item 6: unknown module: ethtool -m dumps its lower memory"
t_fails "item 6: unknown module: page 00h upper refused (a select is a write)" \
	$ET -m osfp0 page 0 offset 128 length 16
t_ok "item 6: unknown module: reset" $ET --reset osfp0 phy
t_ok "item 6: unknown module: identified again" osfp_wait "grep -qx ready $d/module_state" 10000
head -c 128 $d/eeprom >/dev/null
t_eq 0 "$(emu_stat 0 mem_writes)" "item 6: unknown module: 0 bytes written"
t_eq 0 "$(emu_stat 0 page_selects)" "item 6: unknown module: not even a page select"
t_eq 1 "$(dmesg | grep -c 'osfp0: module identifier 0x7e is neither CMIS nor SFF-8636')" \
	"item 6: unknown module: logged once (a reset is no new module)"

# ---- the counter counts: a CMIS module is written ----
t_ok "item 6: a CMIS module plugged" swap "$OSFP_DATA/osfp-400g-sr4.cmis"
t_ok "item 6: CMIS module identified" osfp_wait "grep -qx 0x19 $d/identifier && grep -qx ready $d/module_state" 10000
w=$(emu_stat 0 mem_writes)
echo 1 >$d/lpmode
t_ok "item 6: CMIS module in low power" osfp_wait "grep -qx low-power $d/module_state" 5000
t_ok "item 6: a CMIS module's LowPwrRequestSW write is counted ($w -> $(emu_stat 0 mem_writes))" \
	test "$(emu_stat 0 mem_writes)" -gt "$w"
echo 0 >$d/lpmode
t_done
