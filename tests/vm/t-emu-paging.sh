#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 25
#
# The emulated CMIS module's memory map, checked from user space through
# i2c-dev with the driver not loaded: paging, banking, page-select rules,
# read-size limits, address wrap, read-only bytes.

. "$OSFP_TOP/tests/vm/testlib.sh"

sr4=$OSFP_DATA/osfp-400g-sr4.cmis
xd=$OSFP_DATA/osfp-xd-16lane.cmis
hex() { printf '%02x' "$1"; }

# Cage 1 holds the 16-lane module with banks 0 and 1.
"$OSFP_EMU" load 1 "$OSFP_DATA/osfp-xd-16lane.cmis"
osfp_wait "grep -qx 'state ready' /sys/kernel/osfp_emu/port1/stats" 5000

# Consume the ModuleStateChanged flag latched at power-up, so that IntL
# (byte 3 bit 0) reads as in the image.
emu_read 0 8 6 >/dev/null
emu_read 1 8 6 >/dev/null

t_eq "$(hex "$(cmis_byte "$sr4" lower 0)")" "$(emu_read 0 0 1)" "lower byte 0 is the image's identifier"
t_eq "$(cmis_page "$sr4" lower | cut -d' ' -f1-8)" "$(emu_read 0 0 8)" "8-byte read of lower memory"

emu_write 0 127 0x01
t_eq 01 "$(emu_read 0 127 1)" "page 01h selected"
t_eq "$(cmis_page "$sr4" 'page 01')" "$(emu_read 0 128 128)" "full-page read of page 01h"

emu_write 0 127 0x02
t_eq "$(cmis_page "$sr4" 'page 02')" "$(emu_read 0 128 128)" "full-page read of page 02h"

emu_write 0 127 0x9f
t_eq 00 "$(emu_read 0 127 1)" "unsupported page select reads back 0"
t_eq "$(cmis_page "$sr4" 'page 00' | cut -d' ' -f1-16)" "$(emu_read 0 128 16)" "after a refused select the upper half is page 00h"

# Address pointer wraps inside the half: 120..127 then 0..7.
lower=$(cmis_page "$sr4" lower)
want="$(echo "$lower" | cut -d' ' -f121-126) $(emu_read 0 126 2) $(echo "$lower" | cut -d' ' -f1-8)"
t_eq "$want" "$(emu_read 0 120 16)" "read wraps from byte 127 to byte 0"

# Read-only bytes ignore writes.
emu_write 0 0 0x55
t_eq "$(hex "$(cmis_byte "$sr4" lower 0)")" "$(emu_read 0 0 1)" "write to read-only identifier ignored"
emu_write 0 127 0x00
id=$(emu_read 0 129 4)
emu_write 0 129 0x41 0x41
t_eq "$id" "$(emu_read 0 129 4)" "write to read-only vendor name ignored"

# Banks: one 2-byte write of bytes 126-127.
emu_write 1 126 0x01 0x11
t_eq "01 11" "$(emu_read 1 126 2)" "bank 1 page 11h selected with one write"
t_eq "$(cmis_page "$xd" 'page 11 bank 1' | cut -d' ' -f27-74)" "$(emu_read 1 154 48)" "bank 1 page 11h monitors are bank 1's bytes"
emu_write 1 126 0x00 0x11
t_eq "$(cmis_page "$xd" 'page 11 bank 0' | cut -d' ' -f27-74)" "$(emu_read 1 154 48)" "bank 0 page 11h monitors are bank 0's bytes"
emu_write 1 126 0x03 0x11
t_eq "00 00" "$(emu_read 1 126 2)" "unsupported bank select reads back bank 0 page 0"

# Read-size limit: a CMIS 4.0 module without full-page reads.
tools_emu=$OSFP_TOP/tools/osfp-emu
"$tools_emu" load 0 "$OSFP_DATA/osfp-cmis40-8byte.cmis"
"$tools_emu" stats 0 --reset >/dev/null
osfp_wait "grep -qx 'state ready' /sys/kernel/osfp_emu/port0/stats" 5000
emu_read 0 8 6 >/dev/null	# the power-up ModuleStateChanged
c40=$(cmis_page "$OSFP_DATA/osfp-cmis40-8byte.cmis" lower)
t_eq "$(echo "$c40" | cut -d' ' -f1-8)" "$(emu_read 0 0 8)" "8-byte read allowed without full-page support"
t_fails "16-byte read refused without full-page support" i2ctransfer -y -f "$(emu_bus 0)" w1@0x50 0 r16
t_eq 1 "$(emu_stat 0 violations)" "the over-long read is counted as a violation"

t_done
