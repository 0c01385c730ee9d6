#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1
# osfp-vm-time: 20
#
# Issue 16 item 10: the controller's interrupt thread does no module I2C
# (module events are handed to the cage's work), and a bus error while it
# reads the controller's interrupt status is not reported as an interrupt
# that was not ours (IRQ_NONE), which would have the kernel disable the
# interrupt of every cage.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
c0=/sys/class/osfp/osfp0

t_ok "item 10: module ready" osfp_wait "grep -qx ready $c0/module_state" 30000
t_ok "item 10: module events by interrupt" \
	sh -c "dmesg | grep -q 'osfp0: module bus .*module events by interrupt'"
"$emu" stats 0 --reset >/dev/null

# A module event: IntL, the controller's interrupt, the flags read
"$emu" set 0 lane 3 rx-los 1
t_ok "item 10: Rx LOS seen through the interrupt" osfp_wait "grep -qx 1 $c0/lane3/rx_los" 30000
"$emu" set 0 lane 3 rx-los 0
# A presence event
"$emu" unplug 0
t_ok "item 10: removal seen" osfp_wait "grep -qx 0 $c0/present" 30000
"$emu" plug 0
t_ok "item 10: insertion seen, module ready" osfp_wait "grep -qx ready $c0/module_state" 30000
t_ok "item 10: the module was read" test "$(emu_stat 0 transactions)" -gt 0
t_eq 0 "$(emu_stat 0 irq_thread_transactions)" \
	"item 10: no module transaction from an interrupt thread"

# The controller's interrupt, and how many of its runs said "not mine"
virq=$(awk '$NF ~ /-0060$/ { sub(":", "", $1); print $1 }' /proc/interrupts)
unhandled() { awk '$1 == "unhandled" { print $2 }' "/proc/irq/$virq/spurious"; }
t_ok "item 10: the controller's interrupt found" test -r "/proc/irq/$virq/spurious"
u0=$(unhandled)
dmesg -C
# The CPLD fails reads of the interrupt status while port 0's bit is set
"$emu" fault 0 cpld-status-nack
"$emu" irq 0
t_ok "item 10: the interrupt status read failed" \
	osfp_wait "dmesg | grep -q 'interrupt status: -ENXIO'" 30000
"$emu" fault 0 clear
t_ok "item 10: the status read again" osfp_wait '[ "$(cpld_get 0x50)" = 0x00 ]' 30000
t_eq "$u0" "$(unhandled)" "item 10: a bus error is not an unhandled interrupt"
"$emu" set 0 lane 4 rx-los 1
t_ok "item 10: module events by interrupt still" osfp_wait "grep -qx 1 $c0/lane4/rx_los" 30000
"$emu" set 0 lane 4 rx-los 0
t_done
