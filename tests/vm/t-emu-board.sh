#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 30
#
# The emulated board: CPLD registers, module state machine driven by
# RESET_N/LPMODE/byte 26, adapter kinds, faults, accounting, control ABI.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
data=$OSFP_TOP/tests/data

EMU_BOARD_BUS=$(emu_board_bus)
B=$EMU_BOARD_BUS
state() { emu_stat "$1" state; }
P0=$(emu_bus 0)

t_eq Y "$(</sys/module/osfp_emu/parameters/reset)" "reset defaults to 1"
t_eq 0x01 "$(cpld_get 0x00)" "CPLD VERSION"
t_eq 0x02 "$(cpld_get 0x01)" "CPLD PORT_COUNT"
t_eq 0xfc "$(cpld_get 0x10)" "PRESENT_N: ports 0 and 1 present"
t_eq 0xff "$(cpld_get 0x11)" "PRESENT_N bank 1 constant"
t_eq 0xff "$(cpld_get 0x20)" "RESET_N released"
t_eq 0xff "$(cpld_get 0x30)" "LPMODE default"
t_eq 0xff "$(cpld_get 0x60)" "INT_MASK default masked"
t_eq 0x03 "$(cpld_get 0x50)" "INT_STATUS set by plug and IntL"
t_eq 0xfc "$(cpld_get 0x40)" "INT_N: both modules assert IntL (state change latched)"
cpld_set 0x50 0x01
t_eq 0x02 "$(cpld_get 0x50)" "INT_STATUS is write-1-to-clear"
cpld_set 0x50 0xff
t_eq 0x00 "$(cpld_get 0x50)" "INT_STATUS cleared, unused bits 0"
t_eq "0x01 0x02" "$(i2ctransfer -y -f "$B" w1@0x60 0x00 r2)" "CPLD register auto-increment"
emu_read 0 8 6 >/dev/null
t_eq 0xfd "$(cpld_get 0x40)" "INT_N bit 0 released after the flags were read"
t_eq 0 "$(emu_stat 0 intl)" "stats: intl 0"

# Module state machine.
t_eq ready "$(state 0)" "port 0 ready"
t_eq 07 "$(emu_read 0 3 1)" "byte 3: ModuleReady, IntL deasserted"
cpld_set 0x20 0xfe
t_eq reset "$(state 0)" "RESET_N bit 0 = 0 holds port 0 in reset"
t_fails "module NACKs in reset" i2ctransfer -y -f "$P0" w1@0x50 0 r1
t_eq ready "$(state 1)" "port 1 unaffected"
"$emu" fault 0 slow
cpld_set 0x20 0xff
t_eq init "$(state 0)" "released: management init"
t_fails "module NACKs during management init" i2ctransfer -y -f "$P0" w1@0x50 0 r1
"$emu" fault 0 clear
t_ok "ready after reset release" osfp_wait "[ \$(emu_stat 0 state) = ready ]" 2000
t_eq 01 "$(emu_read 0 8 1)" "state change latched by the reset"

emu_write 0 26 0x10
t_ok "LowPwrRequestSW: power down to LowPwr" osfp_wait "[ \$(emu_stat 0 state) = lowpwr ]" 2000
t_eq 2 "$((0x$(emu_read 0 3 1) & 0x0e))" "byte 3 bits 3-1: LowPwr"
emu_write 0 127 0x11
t_eq "11 11 11 11" "$(emu_read 0 128 4)" "data paths deactivated in LowPwr"
emu_write 0 26 0x00
t_ok "request dropped: back to Ready" osfp_wait "[ \$(emu_stat 0 state) = ready ]" 2000
t_eq "44 44 44 44" "$(emu_read 0 128 4)" "data paths activated in Ready"
emu_write 0 127 0x10
emu_write 0 130 0x05
emu_write 0 127 0x11
t_eq "41 41" "$(emu_read 0 128 2)" "lanes 1 and 3 deactivated"
emu_write 0 26 0x40
t_ok "LowPwrAllowRequestHW with LPMODE set: LowPwr" osfp_wait "[ \$(emu_stat 0 state) = lowpwr ]" 2000
cpld_set 0x30 0xfe
t_ok "LPMODE cleared: Ready" osfp_wait "[ \$(emu_stat 0 state) = ready ]" 2000
cpld_set 0x30 0xff
t_ok "LPMODE set again: LowPwr" osfp_wait "[ \$(emu_stat 0 state) = lowpwr ]" 2000
"$emu" fault 0 slow
emu_write 0 26 0x08
t_eq init "$(state 0)" "SoftwareReset restarts the module"
"$emu" fault 0 clear
t_ok "ready after software reset" osfp_wait "[ \$(emu_stat 0 state) = ready ]" 2000
t_eq 00 "$(emu_read 0 26 1)" "byte 26 back to the image after reset"

# Accounting.
"$emu" stats 0 --reset >/dev/null
emu_read 0 0 8 >/dev/null
t_eq 1 "$(emu_stat 0 transactions)" "one transaction"
t_eq 11 "$(emu_stat 0 bytes)" "bytes: 2 addresses + offset + 8 data"
t_eq 255 "$(emu_stat 0 bus_time_us)" "bus time: 102 bits at 400 kHz"
t_eq "1 1" "$(emu_stat 0 reads) $(emu_stat 0 writes)" "one read, one write message"
emu_write 0 126 0 0
t_eq 1 "$(emu_stat 0 page_selects)" "a 126-127 write is a page select"
t_fails "9-byte write refused" emu_write 0 118 1 2 3 4 5 6 7 8 9
t_eq 1 "$(emu_stat 0 violations)" "over-long write is a violation"
t_ok "8-byte write accepted" emu_write 0 118 1 2 3 4 5 6 7 8
t_eq "01 02 03 04 05 06 07 08" "$(emu_read 0 118 8)" "writable bytes 118-125"

# Adapter kinds.
"$emu" adapter 0 smbus
t_fails "smbus adapter refuses I2C transfers" i2ctransfer -y -f "$P0" w1@0x50 0 r1
t_eq 0x19 "$(i2cget -y -f "$P0" 0x50 0 b)" "smbus: byte data read"
t_ok "smbus: 32-byte I2C block read with full-page support" i2cget -y -f "$P0" 0x50 0 i 32
"$emu" adapter 0 byte
t_eq 0x19 "$(i2cget -y -f "$P0" 0x50 0 b)" "byte: byte data read"
t_fails "byte: no I2C block read" i2cget -y -f "$P0" 0x50 0 i 8
"$emu" adapter 0 full
t_eq 0x19 "$(i2cget -y -f "$P0" 0x50 0 b)" "full: SMBus emulated over I2C"

# Faults.
"$emu" fault 0 nack
t_fails "fault nack" i2cget -y -f "$P0" 0x50 0 b
"$emu" fault 0 clear
"$emu" fault 0 timeout
t_fails "fault timeout" i2cget -y -f "$P0" 0x50 0 b
t_eq timeout "$(emu_stat 0 faults)" "faults key"
"$emu" fault 0 clear
"$emu" fault 0 stuck-page
emu_write 0 127 0x01
t_eq 00 "$(emu_read 0 127 1)" "stuck-page: page select ignored"
"$emu" fault 0 clear
"$emu" fault 0 corrupt-checksum
emu_write 0 127 0x00
good=$(printf '%02x' "$(cmis_byte "$data/osfp-400g-sr4.cmis" 'page 00' 222 2>/dev/null || echo 0)")
bad=$(emu_read 0 222 1)
"$emu" fault 0 clear
t_ok "corrupt-checksum changes byte 222" [ "$bad" != "$(emu_read 0 222 1)" ]
"$emu" fault 0 slow
emu_write 0 26 0x08
sleep 1
t_eq init "$(state 0)" "slow: still in management init after 1 s"
"$emu" fault 0 clear

# Control ABI errors.
t_fails "unknown command" sh -c "echo bogus > /sys/kernel/osfp_emu/port1/command"
t_eq "unknown command 'bogus'" "$(cat /sys/kernel/osfp_emu/port1/error)" "error text"
t_fails "bad lane" "$emu" set 1 lane 99 rx-los 1
t_fails "bad flag value" "$emu" set 1 lane 1 rx-los 2
t_fails "page absent" "$emu" set 1 byte 9f 128 1

# Bias multiplier (800G image: x2) and raw pokes.
"$emu" set 1 lane 1 tx-bias 8000
emu_write 1 127 0x11
t_eq "07 d0" "$(emu_read 1 170 2)" "8000 uA at 2 uA x2 is 2000"
"$emu" set 1 byte 11 171 0x55
t_eq 55 "$(emu_read 1 171 1)" "set byte pokes page 11h"
"$emu" set 1 byte lower 20 0xaa
t_eq aa "$(emu_read 1 20 1)" "set byte pokes lower"

# Presence and irq.
cpld_set 0x50 0xff
"$emu" unplug 1
t_eq 0xfe "$(cpld_get 0x10)" "PRESENT_N after unplug"
t_eq 0x02 "$(cpld_get 0x50)" "INT_STATUS set by unplug"
t_fails "absent module NACKs" i2ctransfer -y -f "$(emu_bus 1)" w1@0x50 0 r1
"$emu" plug 1
t_eq 0xfc "$(cpld_get 0x10)" "PRESENT_N after plug"
cpld_set 0x50 0xff
"$emu" irq 1
t_eq 0x02 "$(cpld_get 0x50)" "irq command sets INT_STATUS"

# Flat memory.
"$emu" load 1 "$data/osfp-passive-copper.cmis"
osfp_wait "[ \$(emu_stat 1 state) = ready ]" 2000
emu_write 1 127 0x01
t_eq 00 "$(emu_read 1 127 1)" "flat memory: page 01h not selectable"

# Module reload with other cage counts.
rmmod osfp_emu
t_ok "64 cages" insmod "$OSFP_BUILD/osfp_emu.ko" cages=64
EMU_BOARD_BUS=$(emu_board_bus)
B=$EMU_BOARD_BUS
t_eq 0x40 "$(cpld_get 0x01)" "PORT_COUNT 64"
t_eq 64 "$(ls -d /sys/kernel/osfp_emu/port* | wc -l)" "64 control directories"
t_eq 0xff "$(cpld_get 0x17)" "PRESENT_N bank 7: all empty"
t_eq absent "$(emu_stat 63 state)" "empty port"
t_ok "load into port 63" "$emu" load 63 "$data/osfp-400g-sr4.cmis"
t_eq 0x7f "$(cpld_get 0x17)" "PRESENT_N bank 7 bit 7"
rmmod osfp_emu
t_fails "cages=0 refused" insmod "$OSFP_BUILD/osfp_emu.ko" cages=0
t_fails "cages=65 refused" insmod "$OSFP_BUILD/osfp_emu.ko" cages=65

# reset=0: the controller's description has no reset register (only a driver
# sees that), the CPLD's RESET_N still holds the module.
t_ok "reset=0" insmod "$OSFP_BUILD/osfp_emu.ko" cages=2 reset=0
t_eq N "$(</sys/module/osfp_emu/parameters/reset)" "reset=0 taken"
EMU_BOARD_BUS=$(emu_board_bus)
B=$EMU_BOARD_BUS
"$emu" load 0 "$data/osfp-400g-sr4.cmis"
t_eq 0xff "$(cpld_get 0x20)" "reset=0: RESET_N register still there, released"
cpld_set 0x20 0xfe
t_eq reset "$(state 0)" "reset=0: RESET_N still holds the module in reset"
cpld_set 0x20 0xff
t_ok "reset=0: RESET_N released, the module comes up" \
	osfp_wait "emu_stat 0 state | grep -qxE 'init|pwrup|ready'" 2000
t_done
