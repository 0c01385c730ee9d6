#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 5
#
# The cage driver sees insertion and removal and reads the identifier.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
d=/sys/class/osfp/osfp0
t_eq 1 "$(cat $d/present)" "osfp0 present"
t_eq "0x$(printf '%02x' "$(cmis_byte "$OSFP_DATA/osfp-400g-sr4.cmis" lower 0)")" "$(cat $d/identifier)" "osfp0 identifier from the image"
t_eq "0x$(printf '%02x' "$(cmis_byte "$OSFP_DATA/osfp-800g-2x400g-dr4.cmis" lower 0)")" "$(cat /sys/class/osfp/osfp1/identifier)" "osfp1 identifier from the image"

"$emu" unplug 0
t_ok "osfp0 absent after the removal" osfp_wait "grep -qx 0 $d/present" 30000
t_fails "identifier unreadable while absent" cat $d/identifier
t_eq 1 "$(cat /sys/class/osfp/osfp1/present)" "osfp1 unaffected"

for i in 1 2 3 4 5; do
	"$emu" plug 0
	"$emu" unplug 0
done
"$emu" plug 0
t_ok "osfp0 present again after a plug storm" osfp_wait "grep -qx 1 $d/present" 2000
t_ok "identifier readable again" osfp_wait "cat $d/identifier" 3000

# Swap in a module with another identifier (OSFP-XD, 0x21).
"$emu" unplug 0
osfp_wait "grep -qx 0 $d/present" 1000
"$emu" load 0 "$OSFP_DATA/osfp-xd-16lane.cmis"
"$emu" plug 0
t_ok "swapped module identified as OSFP-XD" osfp_wait "grep -qx 0x21 $d/identifier" 3000
t_done
