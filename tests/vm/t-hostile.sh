#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 10
#
# Hostile modules: identity strings with control characters and without
# padding, banks (and so lanes) advertised beyond what the module has, and
# a module allowing longer reads than the adapter can do. The driver shows
# sanitized text, refuses what does not exist with a clear error, and
# never reads past what the adapter allows.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
d=/sys/class/osfp/osfp0
tmp=$(mktemp -d)
sr4=$OSFP_DATA/osfp-400g-sr4.cmis

# swap IMAGE: replace the module in cage 0 and wait until it settles.
swap() {
	"$emu" unplug 0
	osfp_wait "grep -qx 0 $d/present" 2000
	"$emu" load 0 "$1"
	"$emu" plug 0
	osfp_wait "grep -qx ready $d/module_state" 5000
}
derive() {
	local out=$tmp/$1
	shift
	python3 "$OSFP_DATA/mkimages.py" --derive "$sr4" --force "${@/#/--set=}" "$out" \
		>/dev/null 2>&1 &&
		echo "$out"
}

# Vendor name: 'A' 'B' SOH DEL 'C' 'D' ESC '[' '2' 'J' then 'E'-'J', no
# space padding; part number: 16 letters, no padding.
name=(0x41 0x42 0x01 0x7f 0x43 0x44 0x1b 0x5b 0x32 0x4a 0x45 0x46 0x47 0x48 0x49 0x4a)
sets=()
for i in "${!name[@]}"; do sets+=("00:$((129 + i))=${name[$i]}"); done
for i in $(seq 0 15); do sets+=("00:$((148 + i))=$((0x41 + i))"); done
img=$(derive strings.cmis "${sets[@]}")
t_ok "image with hostile strings derived" test -s "$img"
swap "$img"
t_eq "AB??CD?[2JEFGHIJ" "$(cat $d/vendor_name)" "control characters shown as '?', no padding needed"
t_eq "ABCDEFGHIJKLMNOP" "$(cat $d/vendor_pn)" "a 16-character part number without padding, whole"
t_ok "ethtool -m decodes it" ethtool -m osfp0

# Four banks advertised (01h:142 bits 1-0 = 2), only bank 0 present.
b142=$(cmis_byte "$sr4" 'page 01' 142)
img=$(derive banks.cmis "01:142=$(((b142 & ~3) | 2))")
swap "$img"
t_eq 32 "$(cat $d/lane_count)" "32 lanes as advertised"
t_ok "lane 1 reads" cat $d/lane1/datapath_state
mark=$(dmesg | wc -l)
t_fails "lane 9 (bank 1, absent): its status read fails" cat $d/lane9/datapath_state
t_ok "... and the refusal is logged" \
	sh -c "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp0: module refused page 11h bank 1'"
t_fails "ethtool: page 11h of bank 1 fails" ethtool -m osfp0 page 0x11 bank 1
ethtool -m osfp0 page 0x11 bank 1 >/dev/null 2>"$tmp/err"
t_ok "ethtool says the module refused the page" grep -q 'osfp: module refused the page' "$tmp/err"
t_ok "sensors still runs" sensors
t_eq ready "$(cat $d/module_state)" "the cage stays ready"

# Full-page reads advertised, behind adapters that cannot do them.
swap "$sr4"
for kind in smbus byte; do
	"$emu" adapter 0 "$kind"
	swap "$sr4"
	"$emu" stats 0 --reset >/dev/null
	t_ok "$kind adapter: ethtool -m works" ethtool -m osfp0
	t_ok "$kind adapter: sensors works" sensors
	t_eq 0 "$(emu_stat 0 violations)" "$kind adapter: no transfer beyond what the module or adapter allow"
done
"$emu" adapter 0 full
rm -rf "$tmp"
t_done
