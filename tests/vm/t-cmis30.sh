#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 60
#
# Item 12 of issue 16: page 10h byte 128 follows the module's CMIS revision
# (lower byte 1). In CMIS 3.0 it is DataPathPwrUp (1 = power the lane's
# data path up), from CMIS 4.0 on DPDeinit (1 = deinitialize it).
# - the emulator: the CMIS 3.0 image (osfp-cmis30.cmis) in cage 0 and the
#   CMIS 5.2 one in cage 1, byte 128 written through the eeprom file, the
#   data path state seen in lane<N>/datapath_state;
# - the driver: its one write of byte 128, the firmware update's DPDeinit,
#   is for CMIS 4.0 and later: a CMIS 3.0 module with CDB (derived from the
#   800G image) is refused, its DataPathPwrUp untouched. (CMIS 5.2 updates:
#   t-fw.)

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_EMU
c0=/sys/class/osfp/osfp0
c1=/sys/class/osfp/osfp1
c30=$OSFP_DATA/osfp-cmis30.cmis
cdb_img=$OSFP_DATA/osfp-800g-2x400g-dr4.cmis
fwdir=$(mktemp -d /tmp/t-cmis30.XXXXXX)
fwpath=/sys/module/firmware_class/parameters/path
oldpath=$(cat $fwpath 2>/dev/null)
printf '%s' "$fwdir" >$fwpath
trap 'printf "%s" "$oldpath" >$fwpath; rm -rf "$fwdir"' EXIT

# swap CAGE IMAGE: unplug, load IMAGE, plug, wait until the module is up.
swap() {
	local d=/sys/class/osfp/osfp$1
	"$emu" unplug "$1"
	osfp_wait "[ \"\$(cat $d/module_state)\" = absent ]" 5000 || return 1
	"$emu" load "$1" "$2" || return 1
	"$emu" plug "$1"
	osfp_wait "[ \"\$(cat $d/module_state)\" = $(sl_expect_state "$2") ]" 10000
}

# dp_states CAGE: the data path state of lanes 1 and 2 (page 11h, read
# from the module at most 1 s after the driver last read it)
dp_states() { echo "$(cat "/sys/class/osfp/osfp$1/lane1/datapath_state") $(cat "/sys/class/osfp/osfp$1/lane2/datapath_state")"; }

# dp_wait CAGE "STATE1 STATE2": wait (10 s at most) until lanes 1 and 2 show them
dp_wait() { osfp_wait "[ \"\$(dp_states $1)\" = \"$2\" ]" 10000; }

# ee_p10 CAGE VALUE: write page 10h byte 128 through the eeprom file
ee_p10() { sl_pwrite "/sys/class/osfp/osfp$1/eeprom" "$(sl_ee_off 0 0x10 128)" "$2"; }

t_ok "CMIS 3.0 image in cage 0: ready" swap 0 "$c30"
t_eq "3.0 5.2" "$(cat $c0/cmis_revision) $(cat $c1/cmis_revision)" "cage 0 CMIS 3.0, cage 1 CMIS 5.2"

# ---- the emulator: byte 128 as the revision says ----

t_eq ff "$(sl_pread $c0/eeprom "$(sl_ee_off 0 0x10 128)" 1)" "item 12: CMIS 3.0: DataPathPwrUp 0xff in the image"
t_ok "item 12: CMIS 3.0: DataPathPwrUp 0xff: lanes 1-2 activated" dp_wait 0 "activated activated"
t_eq "ok 1" "$(ee_p10 0 fe)" "item 12: CMIS 3.0: write DataPathPwrUp 0xfe"
t_ok "item 12: CMIS 3.0: DataPathPwrUp bit 0 clear: lane 1 deactivated, lane 2 activated" \
	dp_wait 0 "deactivated activated"
t_eq "ok 1" "$(ee_p10 0 ff)" "item 12: CMIS 3.0: write DataPathPwrUp 0xff"
t_ok "item 12: CMIS 3.0: DataPathPwrUp 0xff: both activated again" dp_wait 0 "activated activated"

t_eq 00 "$(sl_pread $c1/eeprom "$(sl_ee_off 0 0x10 128)" 1)" "item 12: CMIS 5.2: DPDeinit 0x00 in the image"
t_ok "item 12: CMIS 5.2: DPDeinit 0x00: lanes 1-2 activated" dp_wait 1 "activated activated"
t_eq "ok 1" "$(ee_p10 1 01)" "item 12: CMIS 5.2: write DPDeinit 0x01"
t_ok "item 12: CMIS 5.2: DPDeinit bit 0 set: lane 1 deactivated, lane 2 activated" \
	dp_wait 1 "deactivated activated"
t_eq "ok 1" "$(ee_p10 1 00)" "item 12: CMIS 5.2: write DPDeinit 0x00"
t_ok "item 12: CMIS 5.2: DPDeinit 0x00: both activated again" dp_wait 1 "activated activated"

# ---- the driver: no DPDeinit on a CMIS 3.0 module ----
# The driver's only write of byte 128 is the firmware update's DPDeinit; it
# updates CMIS 4.0 and later only (as the kernel's flow), so a CMIS 3.0
# module that advertises CDB is refused and its DataPathPwrUp left alone.

python3 "$OSFP_DATA/mkfw.py" --version 3.2 --size 8192 "$fwdir/osfp-fw-3.2.bin"
img=$fwdir/cdb-cmis30.cmis
python3 "$OSFP_DATA/mkimages.py" --derive "$cdb_img" --set lower:1=0x30 --set 10:128=0xff "$img" \
	>/dev/null
t_ok "CMIS 3.0 module with CDB in cage 1: ready" swap 1 "$img"
t_eq "3.0 3.1" "$(cat $c1/cmis_revision) $(cat $c1/firmware_version)" "cage 1: CMIS 3.0, firmware 3.1"
t_ok "cage 1: data path up (DataPathPwrUp 0xff)" dp_wait 1 "activated activated"
n0=$(emu_stat 1 cdb_commands)
out=$( { echo osfp-fw-3.2.bin >$c1/firmware_update; } 2>&1)
case $out in
*"Operation not supported"*) t_pass "item 12: CMIS 3.0: firmware_update refused with EOPNOTSUPP" ;;
*) t_fail "item 12: CMIS 3.0: firmware_update not refused: '$out' ($(cat $c1/firmware_update_status))" ;;
esac
t_eq "ff 0" "$(sl_raw_read 1 0 0x10 128 1) $(($(emu_stat 1 cdb_commands) - n0))" \
	"item 12: CMIS 3.0: DataPathPwrUp still 0xff, no CDB command sent"
t_ok "item 12: CMIS 3.0: the data path stays up" dp_wait 1 "activated activated"
t_eq "3.1 3.1" "$(cat $c1/firmware_version) $(emu_stat 1 fw_committed)" "item 12: CMIS 3.0: firmware unchanged"

t_done
