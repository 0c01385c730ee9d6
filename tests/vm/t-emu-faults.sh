#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 10
#
# The emulated module's faults for reliability tests: nack-data, intl-stuck,
# module-fault and stuck-pwrup (t-emu-board covers the others).

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu

EMU_BOARD_BUS=$(emu_board_bus)
P0=$(emu_bus 0)

# Port 0 only, one exec or none each (emu_read and emu_stat cost several).
# rd OFFSET LEN: like emu_read 0 OFFSET LEN
rd() {
	local out
	out=$(i2ctransfer -y -f "$P0" w1@0x50 "$1" "r$2" 2>/dev/null) || return 1
	out=${out//0x/}
	echo "${out,,}"
}
# st KEY: like emu_stat 0 KEY
st() {
	local k v
	while read -r k v; do
		[ "$k" = "$1" ] && { echo "$v"; return 0; }
	done </sys/kernel/osfp_emu/port0/stats
	return 1
}
# wr OFFSET BYTE...: like emu_write 0 OFFSET BYTE...
wr() {
	local off=$1
	shift
	i2ctransfer -y -f "$P0" "w$(($# + 1))@0x50" "$off" "$@"
}
state() { st state; }
# stats KEY...: port 0's counters, on one line
stats() {
	awk -v keys="$*" 'BEGIN { n = split(keys, k, " ") } { v[$1] = $2 }
	END { for (i = 1; i <= n; i++) printf "%s%s", v[k[i]], i < n ? " " : "\n" }' \
		/sys/kernel/osfp_emu/port0/stats
}
# pins: port 0's INT_N and INT_STATUS bits
pins() { echo "$(($(cpld_get 0x40) & 1)) $(($(cpld_get 0x50) & 1))"; }
# byte3: port 0's module state code (byte 3 bits 3-1) and IntL bit (bit 0)
byte3() {
	local b=$((0x$(rd 3 1)))
	echo "$(((b >> 1) & 7)) $((b & 1))"
}
# code: the module state code alone
code() { echo $(((0x$(rd 3 1) >> 1) & 7)); }

t_ok "port 0 ready" osfp_wait "[ \$(st state) = ready ]" 5000

# nack-data: the address is ACKed, the first data byte NACKed.
orig=$(rd 118 1)
"$emu" fault 0 nack-data
"$emu" stats 0 --reset >/dev/null
err=$(i2ctransfer -y -f "$P0" w1@0x50 0 r1 2>&1)
case $err in
*"Input/output error"*) t_pass "nack-data: a read fails with EIO at its offset byte" ;;
*) t_fail "nack-data: a read should fail with EIO: '$err'" ;;
esac
t_eq "1 2 1 1 0 50" "$(stats transactions bytes nacks writes reads bus_time_us)" \
	"nack-data accounting: address + NACKed offset, no read message"
t_fails "nack-data: a write fails" wr 118 0x5a
t_fails "nack-data: SMBus byte data read fails" i2cget -y -f "$P0" 0x50 0 b
t_ok "nack-data: a current-address read (no data byte written) works" i2cget -y -f "$P0" 0x50
"$emu" adapter 0 smbus
t_fails "nack-data: SMBus adapter byte data read fails" i2cget -y -f "$P0" 0x50 0 b
"$emu" adapter 0 full
t_eq nack-data "$(st faults)" "faults key"
"$emu" fault 0 clear
t_eq "$orig" "$(rd 118 1)" "the NACKed write changed nothing"
t_eq 0x19 "$(i2cget -y -f "$P0" 0x50 0 b)" "fault clear: reads work again"

# intl-stuck: the IntL pin is held asserted, byte 3 bit 0 shows the flags.
rd 8 6 >/dev/null
cpld_set 0x50 0xff
t_eq "1 0" "$(pins)" "no flag: INT_N released, INT_STATUS clear"
"$emu" fault 0 intl-stuck
t_eq "0 1" "$(pins)" "intl-stuck: INT_N asserted, INT_STATUS set"
t_eq "3 1" "$(byte3)" "intl-stuck: byte 3 bit 0 shows no interrupt"
t_eq 1 "$(st intl)" "intl-stuck: stats intl 1"
cpld_set 0x50 0x01
"$emu" set 0 temp-high-alarm 1
"$emu" set 0 temp-high-alarm 0
t_eq "3 0" "$(byte3)" "intl-stuck: a latched flag shows in byte 3 bit 0"
rd 9 1 >/dev/null
t_eq "3 1" "$(byte3)" "intl-stuck: the flag read releases byte 3 bit 0"
t_eq "0 0" "$(pins)" "intl-stuck: INT_N still held, INT_STATUS not set again"
"$emu" fault 0 clear
t_eq "1 0" "$(pins)" "fault clear: INT_N released, INT_STATUS not set"
t_eq 0 "$(st intl)" "fault clear: stats intl 0"

# module-fault: ModuleFault until a reset or an unplug.
"$emu" fault 0 module-fault
t_eq fault "$(state)" "module-fault: state fault"
t_eq "0 1" "$(pins)" "module-fault: IntL asserted, INT_STATUS set"
t_eq "5 0" "$(byte3)" "byte 3: ModuleFault (5), IntL asserted"
t_eq 01 "$(rd 41 1)" "byte 41: ModuleFaultCause TEC runaway"
t_eq 01 "$(rd 8 1)" "byte 8: ModuleStateChanged latched"
"$emu" fault 0 clear
t_eq "fault 5" "$(state) $(code)" "fault clear: still in ModuleFault"
"$emu" unplug 0
"$emu" plug 0
t_ok "unplug and plug: the module comes up" \
	osfp_wait "st state | grep -qxE 'pwrup|ready'" 2000
t_eq 00 "$(rd 41 1)" "byte 41 reads 0 after the unplug"
"$emu" fault 0 module-fault
t_eq fault "$(state)" "module-fault: a powered-up module enters ModuleFault at once"
cpld_set 0x20 0xfe
t_eq reset "$(state)" "RESET_N asserted: out of ModuleFault"
cpld_set 0x20 0xff
t_ok "reset released with the fault set: ModuleFault again after init" \
	osfp_wait "[ \$(st state) = fault ]" 2000
"$emu" fault 0 clear

# stuck-pwrup: PwrUp does not end; clearing restarts the power-up time
# (450 ms in this image). SoftwareReset also leaves ModuleFault.
"$emu" fault 0 stuck-pwrup
wr 26 0x08
t_ok "SoftwareReset leaves ModuleFault for PwrUp" \
	osfp_wait "[ \$(st state) = pwrup ]" 2000
t_eq 00 "$(rd 41 1)" "byte 41 reads 0 after SoftwareReset"
sleep 0.6
t_eq "pwrup 2" "$(state) $(code)" "stuck-pwrup: still in PwrUp after 600 ms"
t0=$(date +%s%N)
"$emu" fault 0 clear
t_ok "fault clear: Ready" osfp_wait "[ \$(st state) = ready ]" 3000
dt=$((($(date +%s%N) - t0) / 1000000))
t_ok "power-up restarted at the clear: Ready 400 ms or more after it" [ "$dt" -ge 400 ]

t_done
