#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 75
#
# Debian 12's ethtool (6.1) on the cages' minimal netdevs: the full decode of
# the 400G SR4 module, the legacy ioctl layout, page reads and their errors,
# power mode policy, module reset, and removal in the middle of dumps. Every
# expected value is computed here from the image bytes.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/ethtool-lib.sh"

ET=/usr/sbin/ethtool
emu=$OSFP_EMU
sr4=$OSFP_DATA/osfp-400g-sr4.cmis
dr4=$OSFP_DATA/osfp-800g-2x400g-dr4.cmis
cu=$OSFP_DATA/osfp-passive-copper.cmis
budget_mw=25000		# the emulated cages' maximum-power-milliwatt
tmp=$(mktemp -d)

# t_ne STATUS WHAT: STATUS (of a command run before) must be an error.
t_ne() { if [ "$1" != 0 ]; then t_pass "$2"; else t_fail "$2 (succeeded)"; fi; }

etl_expect_power "osfp0 powered up" 0 high ready

# ---- the netdevs ----

t_ok "netdev osfp0 named after the cage label" test -d /sys/class/net/osfp0
t_ok "netdev osfp1 named after the cage label" test -d /sys/class/net/osfp1
t_eq "$(readlink -f /sys/class/osfp/osfp0/device)" "$(readlink -f /sys/class/net/osfp0/device)" \
	"osfp0's parent device is the cage"
t_eq osfp "$($ET -i osfp0 | awk '$1 == "driver:" { print $2 }')" "ethtool -i: driver osfp"
ip link set osfp0 up
t_eq 1 "$(($(cat /sys/class/net/osfp0/flags) & 1))" "osfp0 can be set up"
t_eq 0 "$(cat /sys/class/net/osfp0/carrier)" "osfp0 has no carrier"
ip link set osfp0 down

# ---- ethtool -m: full decode of the 400G SR4 module (netlink) ----

etl_load L "$sr4" lower
etl_load P0 "$sr4" 'page 00'
etl_load P1 "$sr4" 'page 01'
etl_load P2 "$sr4" 'page 02'
etl_load P11 "$sr4" 'page 11'

$ET -m osfp0 >"$tmp/m.out" 2>"$tmp/m.err"
t_eq 0 "$?" "ethtool -m osfp0 succeeds"
f() { etl_field "$tmp/m.out" "$1"; }

id=$(f Identifier)
t_eq "$(printf '0x%02x' "$(etl_byte L 0)")" "${id%% *}" "identifier byte"
case $id in *OSFP*) t_pass "identifier decoded as OSFP" ;; *) t_fail "identifier decoded as OSFP (got '$id')" ;; esac
t_eq "$(etl_ascii P0 129 144)" "$(f 'Vendor name')" "vendor name"
t_eq "$(printf '%02x:%02x:%02x' "$(etl_byte P0 145)" "$(etl_byte P0 146)" "$(etl_byte P0 147)")" \
	"$(f 'Vendor OUI')" "vendor OUI"
t_eq "$(etl_ascii P0 148 163)" "$(f 'Vendor PN')" "part number"
t_eq "$(etl_ascii P0 164 165)" "$(f 'Vendor rev')" "vendor revision"
t_eq "$(etl_ascii P0 166 181)" "$(f 'Vendor SN')" "serial number"
t_eq "$(etl_ascii P0 182 189)" "$(f 'Date code')" "date code"
t_eq "$(etl_ascii P0 190 199)" "$(f 'CLEI code')" "CLEI code"
t_eq "$(( ($(etl_byte P0 200) >> 5) + 1 ))" "$(f 'Power class')" "power class"
t_eq "$(awk -v b="$(etl_byte P0 201)" 'BEGIN { printf "%.02fW", b * 0.25 }')" "$(f 'Max power')" "max power"
rev=$(etl_byte L 1)
t_eq "Rev. $((rev >> 4)).$((rev & 15))" "$(f 'Revision compliance')" "CMIS revision"

state=$(( ($(etl_byte L 3) >> 1) & 7 ))
names=(reserved ModuleLowPwr ModulePwrUp ModuleReady ModulePwrDn ModuleFault)
t_eq "$(printf '0x%02x (%s)' "$state" "${names[$state]}")" "$(f 'Module State')" "module state"
t_eq ready "$(etl_emu_state 0)" "the emulated module is ready too"

t_eq "$(etl_fmt_temp "$(etl_s16 L 14)")" "$(f 'Module temperature')" "module temperature"
t_eq "$(etl_fmt_vcc "$(etl_u16 L 16)")" "$(f 'Module voltage')" "module voltage"

# Lane monitors (page 11h). ethtool shifts the bias right by the multiplier
# code instead of multiplying; the SR4 image has multiplier x1 (code 0).
adv=$(etl_byte P1 160)
t_eq 0 "$(( (adv >> 3) & 3 ))" "SR4 image: Tx bias multiplier x1"
t_eq 7 "$((adv & 7))" "SR4 image: Tx bias, Tx power and Rx power monitors advertised"
if (( $(etl_byte P1 151) & 0x10 )); then rxl="Rcvr signal avg optical power"; else rxl="Receiver signal OMA"; fi
bad=""
for ch in 1 2 3 4 5 6 7 8; do
	o=$((2 * (ch - 1)))
	[ "$(f "Laser tx bias current (Channel $ch)")" = "$(etl_fmt_bias "$(etl_u16 P11 $((170 + o)))")" ] ||
		bad+=" bias$ch"
	[ "$(f "Transmit avg optical power (Channel $ch)")" = "$(etl_fmt_power "$(etl_u16 P11 $((154 + o)))")" ] ||
		bad+=" tx$ch"
	[ "$(f "$rxl (Channel $ch)")" = "$(etl_fmt_power "$(etl_u16 P11 $((186 + o)))")" ] ||
		bad+=" rx$ch"
done
t_eq "" "$bad" "Tx bias (mA), Tx power and Rx power (mW / dBm) of lanes 1-8"
t_eq "$(etl_fmt_bias "$(etl_u16 P11 170)")" "$(f 'Laser tx bias current (Channel 1)')" \
	"lane 1 Tx bias, as a sample"
t_eq "$(etl_fmt_power "$(etl_u16 P11 186)")" "$(f "$rxl (Channel 1)")" "lane 1 Rx power, as a sample"

# Thresholds (page 02h): high alarm, low alarm, high warning, low warning.
kinds=("high alarm" "low alarm" "high warning" "low warning")
bad=""
for k in 0 1 2 3; do
	o=$((2 * k))
	kind=${kinds[$k]}
	[ "$(f "Module temperature $kind threshold")" = "$(etl_fmt_temp "$(etl_s16 P2 $((128 + o)))")" ] ||
		bad+=" temp-$kind"
	[ "$(f "Module voltage $kind threshold")" = "$(etl_fmt_vcc "$(etl_u16 P2 $((136 + o)))")" ] ||
		bad+=" vcc-$kind"
	[ "$(f "Laser output power $kind threshold")" = "$(etl_fmt_power "$(etl_u16 P2 $((176 + o)))")" ] ||
		bad+=" txpower-$kind"
	[ "$(f "Laser bias current $kind threshold")" = "$(etl_fmt_bias "$(etl_u16 P2 $((184 + o)))")" ] ||
		bad+=" bias-$kind"
	[ "$(f "Laser rx power $kind threshold")" = "$(etl_fmt_power "$(etl_u16 P2 $((192 + o)))")" ] ||
		bad+=" rxpower-$kind"
done
t_eq "" "$bad" "the 20 alarm and warning thresholds"
t_eq "$(etl_fmt_temp "$(etl_s16 P2 128)")" "$(f 'Module temperature high alarm threshold')" \
	"temperature high alarm threshold, as a sample"

# Module flags (lower byte 9) as the image has them.
bad=""
i=0
for what in temperature voltage; do
	for kind in "${kinds[@]}"; do
		if (( $(etl_byte L 9) & (1 << i) )); then want=On; else want=Off; fi
		[ "$(f "Module $what $kind")" = "$want" ] || bad+=" $what-$kind"
		i=$((i + 1))
	done
done
t_eq "" "$bad" "module temperature and voltage alarm and warning flags"
t_eq 96 "$(grep -cE '\((Chan|Channel) [1-8]\) +: Off$' "$tmp/m.out")" \
	"lane alarm and warning flags of lanes 1-8 (none set in the image)"

# The other cage: the 800G module (bias multiplier x2: bias not checked,
# ethtool 6.1 divides by the multiplier).
etl_load D0 "$dr4" 'page 00'
etl_load D11 "$dr4" 'page 11'
$ET -m osfp1 >"$tmp/m1.out" 2>&1
t_eq "$(etl_ascii D0 148 163)" "$(etl_field "$tmp/m1.out" 'Vendor PN')" "osfp1: part number of the 800G module"
t_eq "$(etl_fmt_power "$(etl_u16 D11 168)")" "$(etl_field "$tmp/m1.out" 'Transmit avg optical power (Channel 8)')" \
	"osfp1: lane 8 Tx power"

# ---- the legacy ioctls: "hex on" without a page ----

$ET -m osfp0 hex on >"$tmp/hex.out" 2>"$tmp/hex.err"
t_eq 0 "$?" "ethtool -m osfp0 hex on (legacy ioctls) succeeds"
got=$(etl_hex <"$tmp/hex.out")
t_eq 512 "$(echo "$got" | wc -w)" "legacy length: 512 bytes for paged memory without page 03h"
t_eq "$(cmis_page "$sr4" 'page 00')" "$(etl_words "$got" 129 256)" "legacy 128-255: page 00h"
t_eq "$(cmis_page "$sr4" 'page 01')" "$(etl_words "$got" 257 384)" "legacy 256-383: page 01h"
t_eq "$(cmis_page "$sr4" 'page 02')" "$(etl_words "$got" 385 512)" "legacy 384-511: page 02h"
t_eq "$(etl_mask_lower "$(cmis_page "$sr4" lower)")" "$(etl_mask_lower "$(etl_words "$got" 1 128)")" \
	"legacy 0-127: lower memory (static bytes)"
t_eq "$(cmis_page "$sr4" 'page 01' | cut -d' ' -f17-32)" \
	"$($ET -m osfp0 offset 272 length 16 hex on | etl_hex)" "legacy offset 272 length 16: page 01h bytes 144-159"
t_fails "legacy read beyond the layout fails" $ET -m osfp0 offset 512 length 16 hex on

# ---- netlink page reads and their errors ----

# ethtool 6.1 takes "page 0" for no page and falls back to the ioctls, whose
# parser then rejects it; a non-zero "i2c 0x50" keeps the request on netlink.
for p in 00 01 02; do
	t_eq "$(cmis_page "$sr4" "page $p")" \
		"$($ET -m osfp0 page 0x$p offset 128 length 128 i2c 0x50 hex on 2>/dev/null | etl_hex)" \
		"page ${p}h by page (netlink)"
done
t_eq "$(cmis_page "$sr4" 'page 11' | cut -d' ' -f27-74)" \
	"$($ET -m osfp0 page 0x11 offset 154 length 48 hex on | etl_hex)" "page 11h lane monitors by page"

$ET -m osfp0 page 0x05 offset 128 length 128 hex on >/dev/null 2>"$tmp/e5"
t_ne "$?" "page 05h, not advertised, fails"
t_ok "page 05h: ethtool shows why ($(head -n1 "$tmp/e5"))" grep -q 'osfp: .*not advertise this page' "$tmp/e5"
# The kernel retries an -EOPNOTSUPP of get_module_eeprom_by_page through the
# legacy layout, which answers -EINVAL: the driver's error must reach ethtool.
t_eq "No such device or address" "$(sed -n 's/^netlink error: //p' "$tmp/e5" | grep -v osfp | head -n1)" \
	"item 10: page 05h: the driver's ENXIO, not the legacy fallback's EINVAL"
$ET -m osfp0 page 0x11 bank 1 offset 128 length 128 hex on >/dev/null 2>"$tmp/eb"
t_ne "$?" "page 11h bank 1 of a one-bank module fails"
t_ok "bank 1: ethtool shows why ($(head -n1 "$tmp/eb"))" grep -q 'osfp: .*not advertise this bank' "$tmp/eb"
t_eq "No such device or address" "$(sed -n 's/^netlink error: //p' "$tmp/eb" | grep -v osfp | head -n1)" \
	"item 10: bank 1: the driver's ENXIO, not the legacy fallback's EINVAL"
$ET -m osfp0 page 0x11 offset 128 length 128 i2c 0x51 hex on >/dev/null 2>"$tmp/ei"
t_ne "$?" "I2C address 0x51 fails"
t_ok "I2C address 0x51: ethtool shows why ($(head -n1 "$tmp/ei"))" grep -q 'osfp: .*0x50 only' "$tmp/ei"

# ---- power mode policy (item 8: as the ethtool UAPI defines it) ----

t_eq high "$(etl_show_module osfp0 power-mode-policy)" "item 8: power-mode-policy high by default"
t_eq high "$(cat /sys/class/osfp/osfp0/power_policy)" "item 8: sysfs power_policy shows the same policy"
maxp=$(( $(etl_byte P0 201) * 250 ))
t_ok "SR4 image: $maxp mW fits the $budget_mw mW budget" test "$maxp" -le "$budget_mw"
t_eq high "$(etl_show_module osfp0 power-mode)" "module within budget, policy high: power-mode high"
t_eq 0 "$(($(cat /sys/class/net/osfp0/flags) & 1))" "osfp0 is administratively down"

# auto: high power while a netdev using the module is up, low otherwise
t_ok "item 8: --set-module power-mode-policy auto" $ET --set-module osfp0 power-mode-policy auto
etl_expect_power "item 8: policy auto, osfp0 down: the module goes to low power" 0 low lowpwr
t_eq low-power "$(cat /sys/class/osfp/osfp0/module_state)" "item 8: module_state low-power"
t_eq auto "$(cat /sys/class/osfp/osfp0/power_policy)" "item 8: sysfs power_policy auto"
ip link set osfp0 up
etl_expect_power "item 8: ip link set osfp0 up: the module powers up" 0 high ready
t_eq ready "$(etl_emu_state 1)" "item 8: the other cage's module is untouched"
ip link set osfp0 down
etl_expect_power "item 8: ip link set osfp0 down: back to low power" 0 low lowpwr
ip link set osfp0 up
etl_expect_power "item 8: up again: high power" 0 high ready

# lpmode holds the module in low power whatever the policy, and says so
echo 1 >/sys/class/osfp/osfp0/lpmode
etl_expect_power "item 8: lpmode 1 while osfp0 is up (auto): low power" 0 low lowpwr
$ET --set-module osfp0 power-mode-policy high >"$tmp/lp.out" 2>&1
t_eq 0 "$?" "item 8: --set-module policy high with lpmode 1 succeeds"
t_ok "item 8: ... and ethtool warns that lpmode holds the module ($(head -n1 "$tmp/lp.out"))" \
	grep -q 'warning.*low power by the lpmode request' "$tmp/lp.out"
t_eq "high low" "$(etl_show_module osfp0 power-mode-policy) $(etl_show_module osfp0 power-mode)" \
	"item 8: --show-module: policy high, power-mode low (lpmode wins)"
t_eq "lowpwr 1" "$(etl_emu_state 0) $(cat /sys/class/osfp/osfp0/lpmode)" \
	"item 8: the module stays in low power, lpmode still 1"
echo 0 >/sys/class/osfp/osfp0/lpmode
etl_expect_power "item 8: lpmode 0: the policy decides again (high)" 0 high ready
ip link set osfp0 down
sleep 0.5
t_eq "high ready" "$(etl_show_module osfp0 power-mode) $(etl_emu_state 0)" \
	"item 8: policy high: osfp0 down changes nothing"

# The budget holds the module in low power whatever the policy.
over=$(( budget_mw / 250 + 20 ))
csum=$(( ($(etl_byte P0 222) + over - $(etl_byte P0 201)) & 255 ))
"$emu" unplug 0
t_ok "module removed" osfp_wait "[ \"\$(etl_emu_state 0)\" = absent ] && ! $ET -m osfp0" 3000
"$emu" set 0 byte 00 201 "$over"
"$emu" set 0 byte 00 222 "$csum"

$ET -m osfp0 >/dev/null 2>"$tmp/eabs"
t_ne "$?" "ethtool -m on an empty cage fails"
t_ok "empty cage: ethtool shows why ($(head -n1 "$tmp/eabs"))" grep -q 'osfp: no module' "$tmp/eabs"
t_eq "high " "$(etl_show_module osfp0 power-mode-policy) $(etl_show_module osfp0 power-mode)" \
	"--show-module on an empty cage: the policy, no mode"
t_fails "--reset phy on an empty cage fails" $ET --reset osfp0 phy

"$emu" plug 0
etl_expect_power "over budget ($((over * 250)) mW), policy high: held in low power" 0 low lowpwr
$ET --set-module osfp0 power-mode-policy auto >/dev/null 2>&1
ip link set osfp0 up
$ET --set-module osfp0 power-mode-policy high >"$tmp/bud.out" 2>&1
t_eq 0 "$?" "item 8: over budget: --set-module policy high succeeds"
t_ok "item 8: ... with a warning about the budget ($(head -n1 "$tmp/bud.out"))" \
	grep -q 'warning.*exceeds the cage.s budget' "$tmp/bud.out"
sleep 0.5
t_eq "low lowpwr" "$(etl_show_module osfp0 power-mode) $(etl_emu_state 0)" \
	"item 8: over budget, policy high, osfp0 up: still in low power"
ip link set osfp0 down

# The policy belongs to the cage: set while empty, it applies on insertion.
"$emu" unplug 0
osfp_wait "! $ET -m osfp0" 3000
"$emu" set 0 byte 00 201 "$(etl_byte P0 201)"
"$emu" set 0 byte 00 222 "$(etl_byte P0 222)"
t_ok "--set-module policy auto on an empty cage" $ET --set-module osfp0 power-mode-policy auto
t_eq auto "$(etl_show_module osfp0 power-mode-policy)" "the empty cage keeps policy auto"
"$emu" plug 0
etl_expect_power "item 8: policy auto set while empty, osfp0 down: the inserted module stays in low power" \
	0 low lowpwr
ip link set osfp0 up
etl_expect_power "item 8: ... and powers up with osfp0" 0 high ready
ip link set osfp0 down
$ET --set-module osfp0 power-mode-policy high
etl_expect_power "restored module, policy high: high power again" 0 high ready

# ---- reset ----

# A byte the driver never writes (password area) comes back from the image
# only if the module really was reset.
emu_write 0 118 0x5a
t_eq 5a "$(emu_read 0 118 1)" "lower byte 118 poked through i2c-dev"
$ET --reset osfp0 phy >"$tmp/reset.out" 2>&1
t_eq 0 "$?" "ethtool --reset osfp0 phy succeeds"
t_ok "the phy (module) is reported reset" grep -q '^Components reset:' "$tmp/reset.out"
t_fails "no component left unreset" grep -q 'not reset' "$tmp/reset.out"
t_ok "the module was reset: byte 118 is the image's again" \
	osfp_wait "[ \"\$(emu_read 0 118 1)\" = $(printf '%02x' "$(etl_byte L 118)") ]" 3000
etl_expect_power "after the reset the module is identified and powered up again" 0 high ready
t_eq "$(etl_ascii P0 166 181)" "$($ET -m osfp0 | etl_field /dev/stdin 'Vendor SN')" "ethtool -m works after the reset"
emu_write 0 118 0x5a
$ET --reset osfp0 mac >"$tmp/reset2.out" 2>&1
t_ok "--reset mac: left to the caller (not reset)" grep -q 'Components not reset' "$tmp/reset2.out"
t_eq 5a "$(emu_read 0 118 1)" "--reset mac does not reset the module"
emu_write 0 118 "$(etl_byte L 118)"

# ---- item 10: no module reset while a firmware update runs ----

# Cage 1's 800G module takes firmware updates (CDB). With its CDB commands
# held busy (emulator fault cdb-busy) the driver's update stays running for
# seconds: ethtool --reset must be refused meanwhile. Whether the update was
# still running is read before and after the reset; a try where it was not
# is repeated.
fwdir=$tmp/fw
mkdir -p "$fwdir"
fwpath=/sys/module/firmware_class/parameters/path
oldfwpath=$(cat $fwpath 2>/dev/null)
printf '%s' "$fwdir" >$fwpath
python3 "$OSFP_DATA/mkfw.py" --version 3.2 --size 8192 "$fwdir/osfp-fw-3.2.bin"
c1=/sys/class/osfp/osfp1
fw_running() { case $(cat $c1/firmware_update_status) in preparing|downloading|completing) return 0 ;; esac; return 1; }
fw_ended() { case $(cat $c1/firmware_update_status) in done|failed) return 0 ;; esac; return 1; }
verdict=""
for try in 1 2 3; do
	"$emu" fault 1 cdb-busy
	mark=$(dmesg | wc -l)
	echo osfp-fw-3.2.bin >$c1/firmware_update 2>"$tmp/fwerr" || { verdict="update did not start: $(cat "$tmp/fwerr")"; break; }
	fw_running && before=1 || before=0
	$ET --reset osfp1 phy >"$tmp/rfw.out" 2>&1
	rc=$?
	fw_running && after=1 || after=0
	osfp_wait fw_ended 60000
	"$emu" fault 1 clear
	osfp_wait "grep -qx ready $c1/module_state" 10000
	if [ "$before$after" = 11 ]; then
		verdict=checked
		break
	fi
	if [ "$before" = 1 ] && [ "$rc" = 0 ]; then
		verdict="the reset was accepted while the update ran (or just as it ended), $try times"
	else
		verdict="the update was not running around the reset (try $try: $before$after)"
	fi
done
if [ "$verdict" = checked ]; then
	t_ne "$rc" "item 10: ethtool --reset osfp1 phy during a firmware update fails"
	t_ok "item 10: ... with EBUSY ($(head -n1 "$tmp/rfw.out"))" grep -qi 'busy' "$tmp/rfw.out"
	t_ok "item 10: ... and the kernel log says why" \
		sh -c "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp1: module reset failed: osfp: module firmware update in progress'"
else
	t_fail "item 10: ethtool --reset during a firmware update: $verdict"
fi
t_eq ready "$(cat $c1/module_state)" "item 10: osfp1 ready after the update ended"
t_ok "item 10: once the update ended, ethtool --reset osfp1 phy works" $ET --reset osfp1 phy
osfp_wait "grep -qx ready $c1/module_state" 10000
printf '%s' "$oldfwpath" >$fwpath

# ---- removal in the middle of dumps ----

# Two readers run while the SR4 module is pulled and an 800G one inserted:
# legacy full dumps, and netlink reads of pages 01h/02h. Every read that
# succeeds must be one module's bytes, whole; some must fail meanwhile.
sr4_legacy=$(etl_image_legacy "$sr4")
dr4_legacy=$(etl_image_legacy "$dr4")
mkdir "$tmp/a" "$tmp/b"
(
	i=0
	while [ ! -e "$tmp/stop" ]; do
		i=$((i + 1))
		$ET -m osfp0 hex on >"$tmp/a/$i.out" 2>"$tmp/a/$i.err"
		echo $? >"$tmp/a/$i.rc"
	done
) &
reader_a=$!
(
	i=0
	while [ ! -e "$tmp/stop" ]; do
		i=$((i + 1))
		p=$((1 + i % 2))
		echo "$p" >"$tmp/b/$i.page"
		$ET -m osfp0 page $p offset 128 length 128 hex on >"$tmp/b/$i.out" 2>"$tmp/b/$i.err"
		echo $? >"$tmp/b/$i.rc"
	done
) &
reader_b=$!
# Completed reads of each reader; at least two of each in every phase.
nrc() { find "$tmp/$1" -name '*.rc' | wc -l; }
more() { osfp_wait "[ \$(nrc a) -ge $(($(nrc a) + 2)) ] && [ \$(nrc b) -ge $(($(nrc b) + 2)) ]" 60000; }
more
"$emu" unplug 0
more
"$emu" load 0 "$dr4"
"$emu" plug 0
osfp_wait "[ \"\$(etl_show_module osfp0 power-mode)\" = high ]" 5000
more
touch "$tmp/stop"
t_ok "removal during dumps: the legacy reader ran to the end" wait "$reader_a"
t_ok "removal during dumps: the netlink reader ran to the end" wait "$reader_b"

n_ok=0 n_sr4=0 n_dr4=0 n_fail=0 bad=""
for rc in "$tmp"/a/*.rc; do
	i=$(basename "$rc" .rc)
	[ -s "$rc" ] || continue
	if [ "$(cat "$rc")" != 0 ]; then
		n_fail=$((n_fail + 1))
		continue
	fi
	d=$(etl_mask_legacy "$(etl_hex <"$tmp/a/$i.out")")
	if [ "$d" = "$sr4_legacy" ]; then
		n_sr4=$((n_sr4 + 1))
	elif [ "$d" = "$dr4_legacy" ]; then
		n_dr4=$((n_dr4 + 1))
	else
		bad+=" $i"
	fi
done
t_eq "" "$bad" "legacy dumps during removal: each is one module's bytes ($n_sr4 SR4, $n_dr4 800G, $n_fail failed)"
t_ok "legacy dumps failed while the cage was empty" test "$n_fail" -gt 0
t_ok "legacy dumps of the first module before removal" test "$n_sr4" -gt 0
t_ok "legacy dumps of the new module after insertion" test "$n_dr4" -gt 0

n_fail=0 n_ok=0 bad=""
for rc in "$tmp"/b/*.rc; do
	i=$(basename "$rc" .rc)
	[ -s "$rc" ] || continue
	if [ "$(cat "$rc")" != 0 ]; then
		n_fail=$((n_fail + 1))
		continue
	fi
	p=$(cat "$tmp/b/$i.page")
	d=$(etl_hex <"$tmp/b/$i.out")
	if [ "$d" = "$(cmis_page "$sr4" "page 0$p")" ] || [ "$d" = "$(cmis_page "$dr4" "page 0$p")" ]; then
		n_ok=$((n_ok + 1))
	else
		bad+=" $i"
	fi
done
t_eq "" "$bad" "page reads during removal: each is one module's page ($n_ok good, $n_fail failed)"
t_ok "page reads failed while the cage was empty" test "$n_fail" -gt 0
t_eq "$dr4_legacy" "$(etl_mask_legacy "$($ET -m osfp0 hex on | etl_hex)")" "after insertion the dump is right again"

# ---- flat memory: the legacy layout is lower + page 00h ----

"$emu" unplug 1
"$emu" load 1 "$cu"
"$emu" plug 1
etl_load C0 "$cu" 'page 00'
t_ok "passive copper module identified" \
	osfp_wait "[ \"\$($ET -m osfp1 | etl_field /dev/stdin 'Vendor PN')\" = \"$(etl_ascii C0 148 163)\" ]" 5000
got=$($ET -m osfp1 hex on | etl_hex)
t_eq 256 "$(echo "$got" | wc -w)" "flat memory: legacy length 256"
t_eq "$(etl_image_legacy "$cu")" "$(etl_mask_legacy "$got")" "flat memory: lower memory and page 00h"
t_fails "flat memory: page 01h fails" $ET -m osfp1 page 0x01 offset 128 length 128 hex on
t_eq "high " "$(etl_show_module osfp1 power-mode-policy) $(etl_show_module osfp1 power-mode)" \
	"item 8: flat memory: --show-module gives the policy and no power mode"

rm -rf "$tmp"
t_done
