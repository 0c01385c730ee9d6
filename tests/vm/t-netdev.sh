#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 40
#
# The cages' minimal netdevs next to a switch's own netdevs (issue 16 items
# 8 and 9): a cage whose netdev name is taken works without its netdev and
# says why once; a board description names the cage netdevs
# ("netdev-name", here through osfp_emu netdev_name=); unloading the driver
# while a netdev is up under the "auto" power mode policy leaves the module
# in high power.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_EMU
ET=/usr/sbin/ethtool
sr4=$(osfp_default_image 0)
c0=/sys/class/osfp/osfp0
c1=/sys/class/osfp/osfp1

# ---- item 8: a driver unload leaves a powered module alone ----

$ET --set-module osfp0 power-mode-policy auto
ip link set osfp0 up
t_ok "item 8: policy auto, osfp0 up: the module is ready" \
	osfp_wait "[ \"\$(emu_stat 0 state)\" = ready ] && grep -qx ready $c0/module_state" 10000
EMU_BOARD_BUS=$(emu_board_bus)
# lp_bits: LowPwrRequestSW (byte 26 bit 4) and the CPLD's LPMODE bit of port 0
lp_bits() { echo "$(((0x$(emu_read 0 26 1) >> 4) & 1)) $(($(cpld_get 0x30) & 1))"; }
t_eq "0 0" "$(lp_bits)" "item 8: LowPwrRequestSW and the CPLD's LPMODE bit of port 0 clear"
rmmod osfp
t_ok "item 8: rmmod osfp with osfp0 up under auto" test ! -e /sys/class/net/osfp0
t_eq "0 0 ready" "$(lp_bits) $(emu_stat 0 state)" \
	"item 8: after the unload the module was not asked for low power: byte 26, LPMODE, state"
osfp_vm_stop

# ---- item 9: the cage netdev's name is taken ----

ip link add osfp1 type dummy
t_ok "a dummy netdev osfp1 takes the name first" test -d /sys/class/net/osfp1
mark=$(dmesg | wc -l)
t_ok "driver and emulator load" osfp_vm_start
t_ok "item 9: the cage without its netdev is identified" \
	osfp_wait "grep -qx ready $c1/module_state" 10000
t_eq dummy "$($ET -i osfp1 | awk '$1 == "driver:" { print $2 }')" \
	"item 9: osfp1 is still the dummy netdev"
t_eq "" "$(ls $c1/device/net 2>/dev/null)" "item 9: no netdev under the cage device"
t_ok "item 9: the cage works: vendor_pn $(cat $c1/vendor_pn 2>&1)" test -n "$(cat $c1/vendor_pn 2>/dev/null)"
t_ok "item 9: the cage works: hwmon device" sh -c "ls $c1/device/osfp_hwmon.*/hwmon/hwmon*/temp1_input"
t_eq 1 "$(dmesg | tail -n +$((mark + 1)) | grep -c 'osfp1: netdev name osfp1 is taken: the cage works without its netdev')" \
	"item 9: the kernel log says why, once"
t_eq 0 "$(dmesg | tail -n +$((mark + 1)) | grep -c 'osfp1: no netdev')" "item 9: and nothing else about it"
t_ok "item 9: the other cage has its netdev: ethtool -m osfp0" $ET -m osfp0
osfp_vm_stop
ip link del osfp1

# ---- item 9: the board names the cage netdevs ----

insmod "$OSFP_BUILD/osfp.ko"
insmod "$OSFP_BUILD/osfp_emu.ko" cages=2 netdev_name=cage
"$emu" load 0 "$sr4"
"$emu" plug 0
t_ok "item 9: netdev-name: cage 0's netdev is cage0" osfp_wait "[ -d /sys/class/net/cage0 ]" 5000
t_eq "cage0" "$(ls $c0/device/net 2>/dev/null)" "item 9: cage0 is the netdev of the cage labelled osfp0"
t_ok "item 9: no netdev named after the label" test ! -e /sys/class/net/osfp0
t_ok "item 9: ethtool -m cage0 reads the module" \
	osfp_wait "$ET -m cage0 | grep -q 'Vendor PN'" 10000
t_ok "item 9: the class device keeps the label" test -e $c0/module_state
osfp_vm_restart

t_done
