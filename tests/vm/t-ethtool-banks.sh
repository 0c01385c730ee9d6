#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 1 --image 0=tests/data/osfp-xd-16lane.cmis
# osfp-vm-time: 15
#
# Banked pages through Debian 12's ethtool (6.1) on the 16-lane OSFP-XD
# module (banks 0-1), the errors for pages and banks it does not advertise,
# its legacy layout, and the "netdev" module parameter.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/ethtool-lib.sh"

ET=/usr/sbin/ethtool
emu=$OSFP_EMU
xd=$OSFP_DATA/osfp-xd-16lane.cmis
tmp=$(mktemp -d)

# t_ne STATUS WHAT: STATUS (of a command run before) must be an error.
t_ne() { if [ "$1" != 0 ]; then t_pass "$2"; else t_fail "$2 (succeeded)"; fi; }

etl_expect_power "osfp0 powered up" 0 high ready

# ---- page 11h, banks 0 and 1 ----

# Page 11h bytes 154-255 are static in the emulated module (lane monitors,
# config status, active configuration) and must be the image's. Bytes
# 128-153 are live: the data-path states (128-131) follow the module state
# and the Tx disables, and the latched flags (134-153) are the module's
# ORed with the driver's flag cache; they are checked against the image
# only where that is what the module must show (see below).
for bank in 0 1; do
	img=$(cmis_page "$xd" "page 11 bank $bank")
	got=$($ET -m osfp0 page 0x11 bank $bank offset 128 length 128 hex on 2>"$tmp/err" | etl_hex)
	t_eq 128 "$(echo "$got" | wc -w)" "page 11h bank $bank: 128 bytes"
	t_eq "$(etl_words "$img" 27 74)" "$(etl_words "$got" 27 74)" \
		"page 11h bank $bank: lane monitors (154-201) are bank $bank's"
	t_eq "$(etl_words "$img" 75 128)" "$(etl_words "$got" 75 128)" \
		"page 11h bank $bank: config status and active config (202-255)"
	# Ready, all Tx enabled in the image: every host lane's data path is
	# activated, as the image says.
	t_eq "$(etl_words "$img" 1 4)" "$(etl_words "$got" 1 4)" \
		"page 11h bank $bank: data-path states (128-131) while ready"
	eval "got$bank=\$got"
done
# shellcheck disable=SC2154
t_ok "banks 0 and 1 differ (lanes 1-8 vs 9-16)" test "$(etl_words "$got0" 27 74)" != "$(etl_words "$got1" 27 74)"

# The exact command of the issue: offset and length given.
t_eq "$(cmis_page "$xd" 'page 11 bank 1' | cut -d' ' -f27-74)" \
	"$($ET -m osfp0 page 0x11 bank 1 offset 128 length 128 hex on | etl_hex | cut -d' ' -f27-74)" \
	"ethtool -m osfp0 page 0x11 bank 1 offset 128 length 128 hex on: bank 1 monitors"

# Live values, not a cache: a monitor and a flag of lane 10 (bank 1 slot 1).
uw=500
"$emu" set 0 lane 10 rx-power $uw
t_eq "$(printf '%02x %02x' $((uw * 10 >> 8)) $((uw * 10 & 255)))" \
	"$($ET -m osfp0 page 0x11 bank 1 offset 188 length 2 hex on | etl_hex)" \
	"lane 10 Rx power set to $uw uW reads $((uw * 10)) x 0.1 uW in bank 1 (188-189)"
t_eq "$(etl_words "$(cmis_page "$xd" 'page 11 bank 0')" 61 62)" \
	"$($ET -m osfp0 page 0x11 bank 0 offset 188 length 2 hex on | etl_hex)" "lane 2 (bank 0) unchanged"
"$emu" set 0 lane 10 tx-los 1
b=$((16#$($ET -m osfp0 page 0x11 bank 1 offset 136 length 1 hex on | etl_hex)))
t_eq 2 "$((b & 2))" "lane 10 Tx LOS latched in bank 1 byte 136 bit 1"
b0=$((16#$($ET -m osfp0 page 0x11 bank 0 offset 136 length 1 hex on | etl_hex)))
t_eq 0 "$((b0 & 2))" "lane 2 (bank 0) Tx LOS not set"
"$emu" set 0 lane 10 tx-los 0

# ---- page 10h, both banks ----

for bank in 0 1; do
	img=$(cmis_page "$xd" "page 10 bank $bank")
	got=$($ET -m osfp0 page 0x10 bank $bank offset 128 length 85 hex on | etl_hex)
	t_eq "$(etl_words "$img" 1 85)" "$got" "page 10h bank $bank: lane controls and staged config (128-212)"
done

# ---- what the module does not advertise ----

$ET -m osfp0 page 0x11 bank 2 offset 128 length 128 hex on >/dev/null 2>"$tmp/eb"
t_ne "$?" "page 11h bank 2 (banks 0-1 advertised) fails"
t_ok "bank 2: ethtool shows why ($(head -n1 "$tmp/eb"))" grep -q 'osfp: .*not advertise this bank' "$tmp/eb"
$ET -m osfp0 page 0x10 bank 3 offset 128 length 128 hex on >/dev/null 2>"$tmp/eb3"
t_ne "$?" "page 10h bank 3 fails"
t_ok "bank 3: ethtool shows why ($(head -n1 "$tmp/eb3"))" grep -q 'osfp: .*not advertise this bank' "$tmp/eb3"
$ET -m osfp0 page 0x05 offset 128 length 128 hex on >/dev/null 2>"$tmp/e5"
t_ne "$?" "page 05h (not advertised) fails"
t_ok "page 05h: ethtool shows why ($(head -n1 "$tmp/e5"))" grep -q 'osfp: .*not advertise this page' "$tmp/e5"

# ---- legacy ioctls ----

got=$($ET -m osfp0 hex on | etl_hex)
t_eq 512 "$(echo "$got" | wc -w)" "legacy length 512"
t_eq "$(etl_image_legacy "$xd")" "$(etl_mask_legacy "$got")" \
	"legacy dump: lower memory (static bytes), pages 00h, 01h, 02h"

# ethtool 6.1 does not know identifier 0x21: it dumps lower memory.
out=$($ET -m osfp0)
t_eq 0 "$?" "ethtool -m on an OSFP-XD (0x21) module succeeds"
t_eq "$(etl_mask_lower "$(cmis_page "$xd" lower)")" "$(etl_mask_lower "$(echo "$out" | etl_hex)")" \
	"ethtool -m shows the lower memory of an identifier it does not decode"

# ---- the "netdev" module parameter ----

t_eq Y "$(cat /sys/module/osfp/parameters/netdev)" "module parameter netdev defaults to Y"
osfp_vm_stop
t_fails "unloading removed the netdev" test -e /sys/class/net/osfp0
insmod "$OSFP_BUILD/osfp.ko" netdev=0
insmod "$OSFP_BUILD/osfp_emu.ko" cages=1
"$emu" load 0 "$xd"
"$emu" plug 0
t_ok "netdev=0: the cage is identified" osfp_wait "cat /sys/class/osfp/osfp0/identifier" 5000
t_eq N "$(cat /sys/module/osfp/parameters/netdev)" "module parameter netdev=0"
t_fails "netdev=0: no netdev" test -e /sys/class/net/osfp0
osfp_vm_restart
t_ok "netdev back after a reload with the default" test -e /sys/class/net/osfp0

rm -rf "$tmp"
t_done
