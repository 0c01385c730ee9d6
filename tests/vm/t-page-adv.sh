#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 25
#
# Issue 16 item 10: pages are served only as page 01h advertises them.
# Pages 04h (laser capabilities) and 12h (tunable laser control) exist when
# 01h:155 bit 6 (TransmitterIsTunable) says so, not because page 03h does
# or always; the CDB pages 9Fh and A0h-AFh are banked by CDB instance, not
# by the lane banks of 01h:142. A page that is not advertised is refused
# with the driver's message ("does not advertise") and costs no page select.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/ethtool-lib.sh"

emu=$OSFP_TOP/tools/osfp-emu
ET=/usr/sbin/ethtool
mk=$OSFP_TOP/tests/data/mkimages.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# swap CAGE IMAGE: replace the module of CAGE by one with IMAGE, wait until ready
swap() {
	local d=/sys/class/osfp/osfp$1

	"$emu" unplug "$1"
	osfp_wait "grep -qx 0 $d/present" 5000 || return 1
	"$emu" load "$1" "$2" || return 1
	"$emu" plug "$1"
	osfp_wait "grep -qx ready $d/module_state" 10000
}

# refused CAGE PAGE BANK: "ethtool -m" of PAGE BANK fails for want of an
# advertisement, and the module saw no page select
refused() {
	local s0 s1

	s0=$(emu_stat "$1" page_selects)
	if $ET -m "osfp$1" page "$2" bank "$3" offset 128 length 16 hex on >/dev/null 2>"$tmp/err"; then
		echo "read succeeded"
		return 1
	fi
	s1=$(emu_stat "$1" page_selects)
	grep -q 'does not advertise' "$tmp/err" || { echo "message: $(head -n1 "$tmp/err")"; return 1; }
	[ "$s0" = "$s1" ] || { echo "$((s1 - s0)) page select(s)"; return 1; }
}

t_ok "cages ready" osfp_wait "grep -qx ready /sys/class/osfp/osfp0/module_state && grep -qx ready /sys/class/osfp/osfp1/module_state" 10000

# ---- a module that is not tunable (400G SR4: 01h:155 = 0x0e) ----
for pg in 0x04 0x12; do
	why=$(refused 0 $pg 0)
	t_eq "" "$why" "item 10: page ${pg#0x}h of a module that is not tunable: refused, no select"
done

# ---- a tunable one: 01h:155 bit 6, pages 04h and 12h in the image ----
python3 "$mk" --derive "$OSFP_DATA/osfp-400g-sr4.cmis" --set 01:155=0x4e "$tmp/tun.cmis" >/dev/null
for pg in 04 12; do
	echo "page $pg"
	awk -v p=$((16#$pg)) 'BEGIN { for (r = 0; r < 8; r++) { l = ""
		for (i = 0; i < 16; i++) l = l sprintf("%s%02x", i ? " " : "", ((r * 16 + i) * 7 + p) % 256)
		print l } }'
done >>"$tmp/tun.cmis"
t_ok "item 10: a tunable module plugged (pages 04h and 12h, no page 03h)" swap 0 "$tmp/tun.cmis"
for pg in 04 12; do
	t_eq "$(cmis_page "$tmp/tun.cmis" "page $pg")" \
		"$($ET -m osfp0 page 0x$pg offset 128 length 128 hex on 2>&1 | etl_hex)" \
		"item 10: page ${pg}h of a tunable module: its bytes"
done
t_eq "" "$(refused 0 0x12 1)" "item 10: page 12h bank 1 of a 1-bank module: refused, no select"

# ---- CDB pages: banked by instance, not by lane bank ----
# OSFP-XD: lane banks 0-1, one CDB instance (01h:163 bits 7-6 = 1)
python3 "$mk" --derive "$OSFP_DATA/osfp-xd-16lane.cmis" --set 01:163=0x40 "$tmp/xd-cdb.cmis" >/dev/null
t_ok "item 10: a 2-bank module with one CDB instance plugged" swap 1 "$tmp/xd-cdb.cmis"
t_ok "item 10: page 9Fh bank 0 (CDB instance 1) is read" \
	$ET -m osfp1 page 0x9f bank 0 offset 128 length 16 hex on
t_eq "" "$(refused 1 0x9f 1)" \
	"item 10: page 9Fh bank 1 of a 2-bank module with one CDB instance: refused, no select"
t_ok "item 10: page 11h bank 1 of that module is still read" \
	$ET -m osfp1 page 0x11 bank 1 offset 128 length 16 hex on
t_done
