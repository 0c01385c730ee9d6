#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 15
#
# A board without its interrupt line wired (osfp_emu irq=0): the driver
# polls presence and the module's flags, and an idle module costs one
# one-byte read per poll (lower byte 3, whose Interrupt bit says whether a
# flag is latched). Also loads the board with its cages full (image=).

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
c0=/sys/class/osfp/osfp0

rmmod osfp_emu
echo -n "$OSFP_DATA" >/sys/module/firmware_class/parameters/path
dmesg -C
t_ok "emulator loads polled, every cage full" \
	insmod "$OSFP_BUILD/osfp_emu.ko" cages=2 irq=0 image=osfp-400g-sr4.cmis
t_ok "both cages ready" osfp_wait \
	"grep -qx ready $c0/module_state && grep -qx ready /sys/class/osfp/osfp1/module_state" 5000
t_ok "controller polled" sh -c "dmesg | grep -q 'cage controller.*polled'"
t_ok "cage events by polling" \
	sh -c "dmesg | grep -q 'osfp0: module bus .*presence by polling, module events by polling'"
t_eq "$(cmis_byte "$OSFP_DATA/osfp-400g-sr4.cmis" lower 0)" \
	"$(($(cat /sys/class/osfp/osfp1/identifier)))" "osfp1 identified from the image"

# Idle: the ModuleStateChanged latched by power-up is read once, then each
# 1 s poll is a one-byte read.
t_ok "the power-up's flags read by a poll" osfp_wait '[ "$(emu_stat 0 intl)" = 0 ]' 5000
sleep 2.2
# The polls counted are bounded by the time they had (measured, so that a
# slow VM whose 3 s last longer fails nothing): at most one a second, and
# at least one.
t0=$EPOCHREALTIME
"$emu" stats 0 --reset >/dev/null
sleep 3
# One snapshot: a poll may come between two reads of the counters
snap=$(cat /sys/kernel/osfp_emu/port0/stats)
t1=$EPOCHREALTIME
ms=$(((${t1/./} - ${t0/./}) / 1000))
tr=$(awk '$1 == "transactions" { print $2 }' <<<"$snap")
by=$(awk '$1 == "bytes" { print $2 }' <<<"$snap")
t_ok "idle: 1 to $((1 + ms / 1000)) polls in $ms ms, at most one a second ($tr transactions)" \
	test "$tr" -ge 1 -a "$tr" -le $((1 + ms / 1000))
t_eq $((4 * tr)) "$by" "each poll a one-byte read (4 bytes on the wire)"

"$emu" set 0 lane 3 rx-los 1
t_ok "Rx LOS seen by polling (no interrupt)" osfp_wait "grep -qx 1 $c0/lane3/rx_los" 30000
t_eq 0 "$(cat $c0/lane4/rx_los)" "lane 4 unaffected"
"$emu" set 0 lane 3 rx-los 0

"$emu" unplug 0
t_ok "removal seen by polling (no interrupt)" osfp_wait "grep -qx 0 $c0/present" 30000
"$emu" plug 0
t_ok "insertion seen, module ready again" osfp_wait "grep -qx ready $c0/module_state" 3000
t_done
