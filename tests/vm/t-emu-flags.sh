#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 10
#
# Latched flags of the emulated module clear on read and drive IntL.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
intl() { echo $((0x$(emu_read 0 3 1) & 1)); }

emu_read 0 8 6 >/dev/null	# consume the power-up state change
t_eq 1 "$(intl)" "IntL deasserted with no flag set"

emu_write 0 127 0x11
t_eq 00 "$(emu_read 0 147 1)" "lane Rx LOS flags clear"
"$emu" set 0 lane 3 rx-los 1
"$emu" set 0 lane 3 rx-los 0
t_eq 0 "$(intl)" "IntL asserted by the lane 3 Rx LOS flag"
t_eq 04 "$(emu_read 0 147 1)" "lane 3 Rx LOS latched (bit 2 of page 11h byte 147)"
t_eq 00 "$(emu_read 0 147 1)" "reading the flag cleared it"
t_eq 1 "$(intl)" "IntL released once the flag was read"

"$emu" set 0 lane 3 rx-los 1
emu_read 0 147 1 >/dev/null
t_eq 04 "$(emu_read 0 147 1)" "a persisting condition latches again after a read"
"$emu" set 0 lane 3 rx-los 0
emu_read 0 147 1 >/dev/null
t_eq 00 "$(emu_read 0 147 1)" "cleared once the condition is gone and the flag read"

"$emu" set 0 temp-high-alarm 1
"$emu" set 0 temp-high-alarm 0
t_eq 01 "$(emu_read 0 9 1)" "module temperature high alarm latched in byte 9"
t_eq 00 "$(emu_read 0 9 1)" "module flag byte cleared on read"

"$emu" set 0 temp 45500
t_eq "2d 80" "$(emu_read 0 14 2)" "temperature 45.5 C is 0x2d80 in bytes 14-15"
"$emu" set 0 temp -5000
t_eq "fb 00" "$(emu_read 0 14 2)" "temperature -5 C is 0xfb00"
"$emu" set 0 vcc 3300
t_eq "80 e8" "$(emu_read 0 16 2)" "Vcc 3.3 V is 33000 x 100 uV"
"$emu" set 0 lane 2 rx-power 1234
emu_write 0 127 0x11
t_eq "30 34" "$(emu_read 0 188 2)" "lane 2 Rx power 1234 uW is 12340 x 0.1 uW"

t_done
