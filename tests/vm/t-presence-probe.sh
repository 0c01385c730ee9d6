#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 40
#
# Issue 16 item 7: a cage without a present line (osfp_emu present=0) finds
# its module by reading it over I2C once a second. One failed read is not a
# removal, nor are NACKs while the module's CDB is busy, up to its
# advertised busy time (01h:165-166); NACKs past that time, and a real
# removal, are.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_TOP/tools/osfp-emu
c0=/sys/class/osfp/osfp0
dr4=$OSFP_DATA/osfp-800g-2x400g-dr4.cmis

removals() { dmesg | grep -c 'osfp0: module removed'; }
ready() { grep -qx ready $c0/module_state; }

rmmod osfp_emu
echo -n "$OSFP_DATA" >/sys/module/firmware_class/parameters/path
dmesg -C
t_ok "item 7: emulator without present lines" \
	insmod "$OSFP_BUILD/osfp_emu.ko" cages=1 present=0 image=osfp-800g-2x400g-dr4.cmis
t_ok "item 7: module ready" osfp_wait ready 30000
t_ok "item 7: presence by I2C probing, module events by interrupt" \
	sh -c "dmesg | grep -q 'osfp0: module bus .*presence by I2C probing, module events by interrupt'"

# One failed read. With module events by interrupt and no flag cached, the
# only transactions of an idle cage are the presence probes.
"$emu" stats 0 --reset >/dev/null
r0=$(removals)
"$emu" fault 0 nack-once
t_ok "item 7: one probe read NACKed" osfp_wait '[ "$(emu_stat 0 faults)" = none ]' 30000
t_ok "item 7: a probe read after it" osfp_wait '[ "$(emu_stat 0 transactions)" -ge 2 ]' 30000
t_eq 1 "$(emu_stat 0 nacks)" "item 7: exactly one NACK"
t_eq "$r0" "$(removals)" "item 7: one failed read is not a removal"
t_eq ready "$(cat $c0/module_state)" "item 7: module still ready after one failed read"

# A CDB busy time longer than the probe period: 166 bit 7 set, 165 = 9:
# 9 x 160 = 1440 ms (checksum 255 adjusted); a reset makes the driver read it
ck=$(cmis_byte "$dr4" 'page 01' 255)
"$emu" set 0 byte 01 165 0x09
"$emu" set 0 byte 01 166 0x80
"$emu" set 0 byte 01 255 $(((ck + 9 + 0x80 - 0x50) & 0xff))
echo 1 >$c0/reset
t_ok "item 7: module ready after the reset" osfp_wait ready 30000
t_eq 1 "$(cat $c0/identity_trusted)" "item 7: page 01h checksum right"

# cdb_cmd: trigger Query Status (0000h), no LPL, through the eeprom file
cdb_cmd() {
	sl_pwrite $c0/eeprom "$(sl_ee_off 0 0x9f 128)" 0000000000ff >/dev/null
}
busy() { [ "$(emu_stat 0 cdb_status)" = 0x83 ]; }

# nacked_by_probe FAULT: trigger commands until a probe read lands in the
# busy time (the NACK count moves; on a loaded machine a probe may come
# late), then wait for the command to end and a probe read after it
nacked_by_probe() {
	local i n
	"$emu" fault 0 "$1"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		n=$(emu_stat 0 nacks)
		cdb_cmd
		osfp_wait '! busy' 30000 || return 1
		[ "$(emu_stat 0 nacks)" -gt "$n" ] && break
	done
	"$emu" fault 0 clear
	[ "$(emu_stat 0 nacks)" -gt "$n" ] || return 1
	n=$(emu_stat 0 transactions)
	osfp_wait "[ \$(emu_stat 0 transactions) -gt $n ]" 30000
}

r0=$(removals)
t_ok "item 7: probe reads NACKed while a CDB command is busy (1440 ms, as advertised)" \
	nacked_by_probe cdb-nack-busy
t_eq "$r0" "$(removals)" "item 7: NACKs within the CDB busy time are not a removal"
t_eq ready "$(cat $c0/module_state)" "item 7: module still ready after the CDB busy time"

# Three times the advertised time: the module is taken for removed, then
# found again
r0=$(removals)
t_ok "item 7: probe reads NACKed for 3 x the advertised busy time" nacked_by_probe cdb-nack
t_ok "item 7: NACKs past the CDB busy time are a removal" \
	osfp_wait "[ \$(removals) -gt $r0 ]" 30000
t_ok "item 7: module found again" osfp_wait ready 30000

# A real removal
r0=$(removals)
"$emu" unplug 0
t_ok "item 7: removal seen" osfp_wait "grep -qx 0 $c0/present" 30000
t_eq $((r0 + 1)) "$(removals)" "item 7: one removal"
"$emu" plug 0
t_ok "item 7: insertion seen, module ready" osfp_wait ready 30000
t_done
