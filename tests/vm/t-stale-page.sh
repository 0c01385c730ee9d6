#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 40
#
# Issue 16 item 3: no stale page selection after a module reset the driver
# did not order. A reset brings the module's page selection back to 00h:
# after SoftwareReset written through the eeprom file, a reset line pulsed
# from elsewhere (the CPLD written over the board bus), and a module that
# resets or leaves ModuleReady by itself (osfp-emu glitch), the driver
# identifies the module again, page 11h reads return page 11h's bytes, and
# no flag event is counted from page 00h's bytes. A ModuleStateChanged flag
# stuck set is not taken for a reset over and over.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/ethtool-lib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_TOP/tools/osfp-emu
ET=/usr/sbin/ethtool
c0=/sys/class/osfp/osfp0
sr4=$OSFP_DATA/osfp-400g-sr4.cmis
# Page 11h bytes 154-201 (lane monitors): static in the image
want=$(cmis_page "$sr4" 'page 11' | cut -d' ' -f27-74)

page11() {
	$ET -m osfp0 page 0x11 offset 154 length 48 hex on 2>/dev/null | etl_hex
}

# identified: times the driver identified the module (its identity line)
identified() {
	dmesg | grep -c 'osfp0: OSFP module OSFP-EMU .* sn '
}

# The module is back in ModuleReady and its flags were read since: by then
# the driver has seen it (a flag read and the check of the module's state
# are one step under the cage lock)
settled() {
	[ "$(emu_stat 0 state)" = ready ] && [ "$(emu_stat 0 intl)" = 0 ]
}

# after WHAT: the checks after one reset the driver did not order
after() {
	t_ok "item 3: $1: module back and its flags read" osfp_wait settled 30000
	t_ok "item 3: $1: module ready again" osfp_wait "grep -qx ready $c0/module_state" 30000
	t_ok "item 3: $1: module identified again" test "$(identified)" -gt "$n0"
	t_eq "$want" "$(page11)" "item 3: $1: page 11h reads return page 11h's bytes"
	t_eq 0 "$(cat $c0/lane*/*_events | sort -u | tr '\n' ' ' | sed 's/ $//')" \
		"item 3: $1: no flag events counted"
}

# before: page 11h selected by the driver, as a consumer's read leaves it
before() {
	t_ok "item 3: $1: module ready before" osfp_wait "grep -qx ready $c0/module_state" 30000
	t_eq "$want" "$(page11)" "item 3: $1: page 11h read before"
	n0=$(identified)
}

before "SoftwareReset through the eeprom file"
t_eq "ok 1" "$(sl_pwrite $c0/eeprom 26 08)" "item 3: SoftwareReset written through the eeprom file"
after "SoftwareReset through the eeprom file"

before "reset line pulsed from elsewhere"
r0=$(emu_stat 0 reset_asserts)
cpld_set 0x20 0xfe
cpld_set 0x20 0xff
t_eq $((r0 + 1)) "$(emu_stat 0 reset_asserts)" "item 3: RESET_N pulsed over the board bus"
after "reset line pulsed from elsewhere"

before "module reset by itself"
t_ok "item 3: osfp-emu glitch reset" "$emu" glitch 0 reset
after "module reset by itself"

before "module left ModuleReady by itself"
t_ok "item 3: osfp-emu glitch lowpwr" "$emu" glitch 0 lowpwr
after "module left ModuleReady by itself"

# A ModuleStateChanged stuck set (a condition the module keeps latching):
# when it first rises it looks like a reset, but then it is no news. The
# driver reads the flags again every 2 s while one is set.
before "ModuleStateChanged stuck set"
"$emu" set 0 state-changed 1
"$emu" stats 0 --reset >/dev/null
t_ok "item 3: stuck ModuleStateChanged: the driver read the flags" \
	osfp_wait '[ "$(emu_stat 0 reads)" -ge 8 ] && grep -qx ready $c0/module_state' 30000
n1=$(identified)
t_ok "item 3: stuck ModuleStateChanged: identified again at most once" test "$n1" -le $((n0 + 1))
"$emu" stats 0 --reset >/dev/null
t_ok "item 3: stuck ModuleStateChanged: the driver read the flags 4 times more" \
	osfp_wait '[ "$(emu_stat 0 reads)" -ge 8 ]' 30000
t_eq "$n1" "$(identified)" "item 3: stuck ModuleStateChanged: not identified again and again"
t_eq ready "$(cat $c0/module_state)" "item 3: stuck ModuleStateChanged: module still ready"
"$emu" set 0 state-changed 0
t_done
