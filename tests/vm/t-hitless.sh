#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 40
#
# Issue 16 item 2: loading, unloading, reloading or rebinding osfp (a DKMS
# upgrade on a running switch) does not disturb a module that is already
# working. Both modules are ready in high power and honour the LPMode pin
# (LowPwrAllowRequestHW set), as a real module may: the emulator's counters
# of module state transitions, writes to byte 26, data path deactivations
# and LPMODE and RESET_N assertions must stay at 0 across
# `rmmod osfp; insmod osfp.ko`, an unbind and bind of every cage device, and
# an unbind and bind of the cage controller.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
cages="0 1"

# all_ready: every cage's module is ready, as the driver sees it
all_ready() {
	local c
	for c in $cages; do
		grep -qx ready "/sys/class/osfp/osfp$c/module_state" 2>/dev/null || return 1
	done
}

# check WHAT: the counters of every port are 0 (then zeroed for the next step)
check() {
	local c k
	for c in $cages; do
		t_eq ready "$(cat /sys/class/osfp/osfp$c/module_state)" "item 2: $1: osfp$c ready"
		t_eq ready "$(emu_stat "$c" state)" "item 2: $1: osfp$c module still in ModuleReady"
		for k in state_changes control_writes dp_deactivations lpmode_asserts reset_asserts; do
			t_eq 0 "$(emu_stat "$c" "$k")" "item 2: $1: osfp$c: 0 $k"
		done
		"$emu" stats "$c" --reset >/dev/null
	done
}

t_ok "item 2: both modules ready" osfp_wait all_ready 30000
for c in $cages; do
	# A module that honours the LPMode pin (byte 26 bit 6), high power
	"$emu" set "$c" byte lower 26 0x40
	t_eq 0 "$(cat /sys/class/osfp/osfp$c/lpmode)" "item 2: osfp$c not held in low power"
	"$emu" stats "$c" --reset >/dev/null
done
# The pin is live: a module would drop to low power if it were asserted
t_eq 0 "$(($(cpld_get 0x30) & 3))" "item 2: LPMODE released on both ports"

# A driver reload
rmmod osfp
t_ok "item 2: rmmod osfp" test ! -e /sys/class/osfp/osfp0
t_ok "item 2: insmod osfp.ko" insmod "$OSFP_BUILD/osfp.ko"
t_ok "item 2: rmmod/insmod: both cages ready again" osfp_wait all_ready 30000
check "rmmod/insmod"

# Unbind and bind every cage device
drv=/sys/bus/platform/drivers/osfp-cage
devs=
for c in $cages; do
	devs="$devs $(basename "$(readlink -f /sys/class/osfp/osfp$c/device)")"
done
for d in $devs; do
	echo "$d" >$drv/unbind
done
t_ok "item 2: cages unbound" test ! -e /sys/class/osfp/osfp0 -a ! -e /sys/class/osfp/osfp1
for d in $devs; do
	echo "$d" >$drv/bind
done
t_ok "item 2: cage rebind: both cages ready again" osfp_wait all_ready 30000
check "cage unbind/bind"

# Unbind and bind the cage controller (and with it, every cage)
ctrl=$(basename "$(readlink -f /sys/class/osfp/osfp0/device/..)")
cdrv=/sys/bus/i2c/drivers/osfp-cage-ctrl
t_ok "item 2: cage controller $ctrl found" test -e "$cdrv/$ctrl"
echo "$ctrl" >$cdrv/unbind
t_ok "item 2: controller unbound" test ! -e /sys/class/osfp/osfp0
echo "$ctrl" >$cdrv/bind
t_ok "item 2: controller rebind: both cages ready again" osfp_wait all_ready 30000
check "controller unbind/bind"
t_done
