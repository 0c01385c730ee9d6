#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 60
#
# The fault matrix: each fault the emulator can inject into a module, a
# line or the rig, with what the consumer sees, the state the cage ends in,
# the kernel log line, and the recovery once the fault is gone.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
d=/sys/class/osfp/osfp0
tmp=$(mktemp -d)
faults=0

# logmark; logged PATTERN: PATTERN is in the kernel log since the mark.
logmark() { mark=$(dmesg | wc -l); }
logged() { dmesg | tail -n "+$((mark + 1))" | grep -q -- "$1"; }
inject() {
	"$emu" fault 0 "$1" && faults=$((faults + 1))
}
state_is() { osfp_wait "grep -qx $1 $d/module_state" "${2:-5000}"; }
replug_with() {
	"$emu" unplug 0
	osfp_wait "grep -qx 0 $d/present" 2000
	[ -n "$1" ] && inject "$1"
	"$emu" plug 0
}
ethtool_err() { ethtool -m osfp0 "$@" >/dev/null 2>"$tmp/err"; }

# --- bus faults on a ready module: the consumer gets an error with its
# reason, the cage stays ready (the module is there), the failure is
# logged, and reads work again once the fault is gone.
for f in nack nack-data timeout; do
	logmark
	inject "$f"
	"$emu" stats 0 --reset >/dev/null
	t_fails "$f: ethtool -m fails" ethtool_err
	t_ok "$f: ethtool says why ($(head -n1 "$tmp/err"))" grep -q 'osfp: module read failed' "$tmp/err"
	# A failed read is not retried (only NACKs during a write hold-off are)
	tr=$(emu_stat 0 transactions)
	t_ok "$f: failed at once ($tr transactions)" test "$tr" -le 2
	t_fails "$f: the eeprom file read fails" dd if=$d/eeprom of=/dev/null bs=128 count=1 skip=1
	t_eq ready "$(cat $d/module_state)" "$f: cage stays ready"
	t_ok "$f: logged" logged 'osfp0: reading lower memory: -E'
	"$emu" fault 0 clear
	t_ok "$f: ethtool -m works once the fault is gone" ethtool -m osfp0
done

# --- a page the module does not advertise: refused before any bus access
"$emu" stats 0 --reset >/dev/null
t_fails "unadvertised page: ethtool fails" ethtool_err page 0x20
t_ok "unadvertised page: ethtool says why" grep -q 'osfp: .*not advertise this page' "$tmp/err"
t_eq 0 "$(emu_stat 0 page_selects)" "unadvertised page: never selected"

# --- stuck page select (the module ignores byte 127)
# On a ready module, a page never selected before is read back and refused.
logmark
inject stuck-page
t_fails "stuck page, ready module: page 10h fails" ethtool_err page 0x10
t_ok "stuck page: ethtool says the module refused the page" \
	grep -q 'osfp: module refused the page' "$tmp/err"
t_ok "stuck page: logged" logged 'osfp0: module refused page 10h bank 0'
"$emu" fault 0 clear
t_ok "stuck page cleared: page 10h reads" ethtool -m osfp0 page 0x10
# At insertion, identification fails: the error state, retried.
logmark
replug_with stuck-page
t_ok "stuck page at insertion: cage in error" state_is error 3000
t_ok "stuck page at insertion: logged" logged 'osfp0: identifying the module: -EOPNOTSUPP'
t_fails "stuck page at insertion: ethtool -m fails" ethtool_err
t_ok "... as not identified" grep -q 'osfp: module not identified yet' "$tmp/err"
# As SONiC's sonic_xcvr reads and writes the file: unbuffered Python, where
# EAGAIN would come back as None (taken for data, or a write taken as done)
py_ee() {
	python3 -c 'import errno, sys
f = open(sys.argv[1], "r+b", buffering=0)
f.seek(int(sys.argv[2]))
try:
    r = f.read(1) if sys.argv[3] == "read" else f.write(b"\x00")
except OSError as e:
    sys.exit(0 if e.errno == errno.EIO else 2)
sys.exit(3)' "$d/eeprom" "$@"
}
t_ok "stuck page at insertion: an unbuffered eeprom read fails with EIO" py_ee 0 read
t_ok "stuck page at insertion: an unbuffered eeprom write fails with EIO, not EAGAIN (None)" py_ee 31 write
"$emu" fault 0 clear
t_ok "stuck page cleared: ready after a retry" state_is ready 12000

# --- corrupted checksums: usable, identity untrusted
logmark
replug_with corrupt-checksum
t_ok "corrupt checksums: module ready anyway" state_is ready 5000
t_eq 0 "$(cat $d/identity_trusted)" "corrupt checksums: identity_trusted 0"
t_ok "corrupt checksums: logged" logged 'osfp0: checksum mismatch in page(s) 00h'
t_ok "corrupt checksums: ethtool -m works" ethtool -m osfp0
"$emu" fault 0 clear
replug_with ""
state_is ready 5000
t_eq 1 "$(cat $d/identity_trusted)" "good module again: identity_trusted 1"

# --- a module stuck powering up: fault after its advertised time plus margin
logmark
t0=$(date +%s%N)
replug_with stuck-pwrup
t_ok "stuck power-up: fault" state_is fault 30000
ms=$((($(date +%s%N) - t0) / 1000000))
# ModulePwrUp 500 ms + ModulePwrDn 50 ms + 100 ms margin, from the request:
# not before (a slow machine only makes it later; the wait above bounds it)
t_ok "stuck power-up: fault once the advertised time is over ($ms ms from the plug, >= 650)" \
	test "$ms" -ge 650
t_eq 0x00 "$(cat $d/fault_cause)" "stuck power-up: fault_cause 0x00 (no ModuleFault)"
t_ok "stuck power-up: logged" logged 'osfp0: module did not reach ModuleReady in time'
"$emu" fault 0 clear
echo 1 >$d/reset
t_ok "stuck power-up cleared: ready after a reset" state_is ready 5000

# --- the module reports ModuleFault
logmark
inject module-fault
t_ok "ModuleFault: cage in fault" state_is fault 3000
t_eq 0x01 "$(cat $d/fault_cause)" "ModuleFault: fault_cause 0x01 (TEC runaway)"
t_ok "ModuleFault: logged" logged 'osfp0: module fault: '
t_ok "ModuleFault: ethtool -m still reads the module" ethtool -m osfp0
"$emu" fault 0 clear
echo 1 >$d/reset
t_ok "ModuleFault: ready after a reset" state_is ready 5000
t_eq 0x00 "$(cat $d/fault_cause)" "ModuleFault: fault_cause back to 0x00"

# --- an interrupt line stuck asserted: detected, flags polled, released
logmark
inject intl-stuck
t_ok "IntL stuck: detected and logged" \
	osfp_wait "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp0: module interrupt line stuck asserted'" 3000
"$emu" set 0 lane 3 rx-los 1
t_ok "IntL stuck: a flag is still seen, by polling" osfp_wait "grep -qx 1 $d/lane3/rx_los" 3000
"$emu" set 0 lane 3 rx-los 0
"$emu" fault 0 clear
t_ok "IntL released: logged" \
	osfp_wait "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp0: module interrupt line released'" 3000

# --- an interrupt storm (the module's IntL pin flapping): throttled to
# polling, so that the bus is spared; interrupts again after 10 s
logmark
inject intl-flap
t_ok "storm: throttled and logged" \
	osfp_wait "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp0: module interrupt storm'" 3000
# Counted over a measured time: at most one poll (3 transactions) a
# second, and one more, while the line flaps every 4 ms
t0=$EPOCHREALTIME
"$emu" stats 0 --reset >/dev/null
sleep 2
tr=$(emu_stat 0 transactions)
t1=$EPOCHREALTIME
ms=$(((${t1/./} - ${t0/./}) / 1000))
t_ok "storm: throttled, the storm costs polls only ($tr transactions in $ms ms, at most $((3 * (1 + ms / 1000))))" \
	test "$tr" -le $((3 * (1 + ms / 1000)))
"$emu" fault 0 clear
t_ok "storm over: interrupts again after the quiet time" \
	osfp_wait "dmesg | tail -n +$((mark + 1)) | grep -q 'osfp0: module interrupts again'" 13000
"$emu" set 0 lane 5 rx-los 1
# With interrupts back the driver polls no flag of a quiet module: the
# event is seen at all only through the interrupt
t_ok "storm over: a flag event comes by interrupt again" osfp_wait "grep -qx 1 $d/lane5/rx_los" 30000
"$emu" set 0 lane 5 rx-los 0

# --- a slow module (management interface ready after 10 s): error, retried
logmark
replug_with slow
t_ok "slow module: error once tMgmtInit (2 s) is over" state_is error 4000
t_ok "slow module: logged" logged 'osfp0: management interface not ready'
t_ok "slow module: ready once it answers" state_is ready 20000
"$emu" fault 0 clear

# --- driver unbind and rebind
t_ok "unbind the cage" sh -c 'echo osfp-cage.0 >/sys/bus/platform/drivers/osfp-cage/unbind'
t_ok "class device gone" test ! -e $d
t_ok "bind it again" sh -c 'echo osfp-cage.0 >/sys/bus/platform/drivers/osfp-cage/bind'
t_ok "rebound: ready" state_is ready 5000
t_ok "rebound: ethtool -m works" ethtool -m osfp0

# --- no reset line: the reset is CMIS SoftwareReset
t_ok "the default rig's cage has a reset GPIO" grep -q '|reset' /sys/kernel/debug/gpio
rmmod osfp_emu
echo -n "$OSFP_DATA" >/sys/module/firmware_class/parameters/path
insmod "$OSFP_BUILD/osfp_emu.ko" cages=1 reset=0 image=osfp-400g-sr4.cmis
faults=$((faults + 1))
t_ok "no reset line: ready" state_is ready 5000
t_ok "no reset line: the cage has no reset GPIO" \
	sh -c '! grep -q "|reset" /sys/kernel/debug/gpio'
# A mask byte (lower 31) written by the host goes back to its default on
# a module reset
emu_write 0 31 0xff
t_eq ff "$(emu_read 0 31 1)" "no reset line: a mask byte set to ff"
t_ok "no reset line: ethtool --reset works" ethtool --reset osfp0 phy
t_ok "no reset line: ready after the reset" state_is ready 5000
t_eq "$(cmis_page "$OSFP_DATA/osfp-400g-sr4.cmis" lower | cut -d' ' -f32)" \
	"$(emu_read 0 31 1)" "no reset line: the module was reset (mask byte back to default)"

# --- unloading with readers holding files open
exec 3<$d/eeprom
hw=$(ls -d $d/device/osfp_hwmon.*/hwmon/hwmon* | head -n1)
exec 4<"$hw/temp1_input"
t_ok "unload the emulator with files open" rmmod osfp_emu
t_ok "unload the driver with files open" rmmod osfp
t_fails "the open eeprom file reads nothing now" dd of=/dev/null bs=128 count=1 <&3
exec 3<&- 4<&-
t_ok "the driver loads again" insmod "$OSFP_BUILD/osfp.ko"

echo "# faults [$OSFP_KERNEL]: $faults faults injected, each with its outcome and recovery checked"
rm -rf "$tmp"
t_done
