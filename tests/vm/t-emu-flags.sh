#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 10
#
# Latched flags of the emulated module clear on read and drive IntL; the
# condition flags latched in an image persist unless it says "flags one-shot"
# (item 12).

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
intl() { echo $((0x$(emu_read 0 3 1) & 1)); }
ready() { osfp_wait "[ \$(emu_stat 0 state) = ready ]" 30000; }

# (without the driver nothing waits for the module: it may still power up)
t_ok "module ready" ready
emu_read 0 8 6 >/dev/null	# consume the power-up state changes
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

# ---- item 12: latched flags in an image persist as conditions ----
# A dump of a module with Rx LOS latched on lane 1 (no light), a
# temperature high alarm, and DataPathStateChanged on lane 1 (an event).
tmp=$(mktemp -d)
sr4=$OSFP_DATA/osfp-400g-sr4.cmis
python3 "$OSFP_DATA/mkimages.py" --derive "$sr4" --set lower:9=0x01 --set 11:147=0x01 \
	--set 11:134=0x01 "$tmp/los.cmis" >/dev/null
python3 "$OSFP_DATA/mkimages.py" --derive "$tmp/los.cmis" --flags one-shot "$tmp/los1.cmis" >/dev/null
t_ok "item 12: image with latched Rx LOS loads" "$emu" load 0 "$tmp/los.cmis"
t_ok "item 12: ready" ready
emu_write 0 127 0x11
t_eq "01 01 01" "$(emu_read 0 147 1) $(emu_read 0 147 1) $(emu_read 0 147 1)" \
	"item 12: the image's Rx LOS latches again after every read"
t_eq "01 01" "$(emu_read 0 9 1) $(emu_read 0 9 1)" "item 12: the image's temperature alarm persists"
t_eq "01 00" "$(emu_read 0 134 1) $(emu_read 0 134 1)" "item 12: DataPathStateChanged (an event) latches once"
t_eq 0 "$(intl)" "item 12: IntL stays asserted by the conditions"
emu_write 0 26 0x08	# SoftwareReset
t_ok "item 12: ready after SoftwareReset" ready
emu_write 0 127 0x11
t_eq "01 01" "$(emu_read 0 147 1) $(emu_read 0 147 1)" "item 12: Rx LOS still latches after a reset"
"$emu" set 0 lane 1 rx-los 0
"$emu" set 0 temp-high-alarm 0
emu_read 0 9 1 >/dev/null
t_eq "01 00 00" "$(emu_read 0 147 1) $(emu_read 0 147 1) $(emu_read 0 9 1)" \
	"item 12: set ... 0 ends the image's conditions (last latch read once)"
t_ok "item 12: image with 'flags one-shot' loads" "$emu" load 0 "$tmp/los1.cmis"
t_ok "item 12: ready" ready
emu_write 0 127 0x11
t_eq "01 00" "$(emu_read 0 147 1) $(emu_read 0 147 1)" "item 12: flags one-shot: Rx LOS read once, then clear"
t_eq "01 00" "$(emu_read 0 9 1) $(emu_read 0 9 1)" "item 12: flags one-shot: temperature alarm read once"
emu_write 0 127 0
bad=$tmp/bad.cmis
{ echo "flags sometimes"; cat "$sr4"; } >"$bad"
err=$("$emu" load 0 "$bad" 2>&1)
t_eq 1 "$(echo "$err" | grep -c "line 1: bad flags line")" "item 12: a bad flags line is rejected with its line"
{ echo "flags one-shot"; echo "flags persistent"; cat "$sr4"; } >"$bad"
err=$("$emu" load 0 "$bad" 2>&1)
t_eq 1 "$(echo "$err" | grep -c "line 2: duplicate 'flags'")" "item 12: two flags lines are rejected"
"$emu" load 0 "$sr4"
t_ok "item 12: default image back" ready
rm -rf "$tmp"

t_done
