#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 60
#
# The sysfs ABI with every other shipped image swapped into cage 0: flat
# passive copper (no lane pages), the 16-lane OSFP-XD (banks 0-1) and the
# CMIS 4.0 module limited to 8-byte reads. Every module and lane attribute
# and the eeprom file as the image bytes say; lane directories follow the
# module; bank 1 through tx_disable and the eeprom file's banked layout;
# the removed module's attributes fail with ENODEV.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_EMU
c0=/sys/class/osfp/osfp0
cu=$OSFP_DATA/osfp-passive-copper.cmis
xd=$OSFP_DATA/osfp-xd-16lane.cmis
c40=$OSFP_DATA/osfp-cmis40-8byte.cmis
sr4=$(osfp_default_image 0)

# swap IMAGE: unplug cage 0, load IMAGE, plug it, wait until it settled.
swap() {
	"$emu" unplug 0
	osfp_wait "[ \"\$(cat $c0/module_state)\" = absent ]" 5000 || return 1
	"$emu" load 0 "$1" || return 1
	"$emu" plug 0
	osfp_wait "[ \"\$(cat $c0/module_state)\" = $(sl_expect_state "$1") ]" 5000
}

t_ok "cage 0 ready" osfp_wait "[ \"\$(cat $c0/module_state)\" = ready ]" 5000

# ---- removal ----

"$emu" unplug 0
t_ok "unplugged: present 0, module_state absent" \
	osfp_wait "[ \"\$(cat $c0/present)\" = 0 ] && [ \"\$(cat $c0/module_state)\" = absent ]" 5000
t_eq "" "$(sl_lane_dirs $c0)" "unplugged: no lane directory"
# shellcheck disable=SC2086
bad=$(sl_attrs $c0 $SL_MODULE_ATTRS | grep -v -e '^present=0$' -e '^module_state=absent$' \
	-e '=<ENODEV>$')
t_eq "" "$bad" "unplugged: every module attribute fails with ENODEV"
t_eq "<ENODEV>" "$(sl_pread $c0/eeprom 0 128)" "unplugged: eeprom read fails with ENODEV"
t_eq "<ENODEV>" "$(sl_write $c0/reset 1)" "unplugged: reset fails with ENODEV"
t_eq "0 high" "$(cat $c0/lpmode) $(cat $c0/power_policy)" "unplugged: lpmode and power_policy readable"
t_ok "lpmode set while empty" sh -c "echo 1 > $c0/lpmode"
"$emu" plug 0
t_ok "lpmode 1 applies to the next module: low-power" \
	osfp_wait "[ \"\$(cat $c0/module_state)\" = low-power ]" 5000
t_eq "$(sl_seq 8)" "$(sl_lane_dirs $c0)" "a module in low power has its lane directories"
echo 0 >$c0/lpmode
t_ok "lpmode 0: ready" osfp_wait "[ \"\$(cat $c0/module_state)\" = ready ]" 5000

# ---- each image ----

for img in "$cu" "$xd" "$c40"; do
	name=$(basename "$img" .cmis)
	t_ok "$name: swapped in and settled" swap "$img"
	sl_check_identity 0 "$img" "$name"
	sl_check_eeprom 0 "$img" "$name"
done

# ---- flat memory: passive copper ----

swap "$cu"
t_eq 0 "$(cat $c0/lane_count)" "copper: lane_count 0"
t_eq "<ENODATA> <ENODATA>" "$(sl_get $c0/hardware_revision) $(sl_get $c0/active_application)" \
	"copper: no page 01h, no lane pages: hardware_revision, active_application ENODATA"
t_eq "<EIO>" "$(sl_pread $c0/eeprom 256 128)" "copper: page 01h of flat memory: EIO"
t_eq "<EIO>" "$(sl_pread $c0/eeprom "$(sl_ee_off 0 0x10 128)" 128)" "copper: page 10h: EIO"
t_eq "$(cmis_page "$cu" lower | cut -d' ' -f87-118)" "$(sl_pread $c0/eeprom 86 32)" \
	"copper: eeprom lower bytes 86-117 (applications) are the image's"
t_eq "<EPERM>" "$(sl_pwrite $c0/eeprom 127 01)" "copper: PageSelect not writable"
t_eq 4 "$(wc -l <$c0/applications)" "copper: 4 applications"

# ---- 16 lanes, banks 0-1 ----

swap "$xd"
t_eq "$(sl_seq 16)" "$(sl_lane_dirs $c0)" "XD: lane1 .. lane16"
t_eq "1 2" "$(cat $c0/active_application)" "XD: bank 0 uses AppSel 1, bank 1 AppSel 2"
raw1=$(sl_raw_read 0 1 0x10 130 1)
t_eq "$(printf '%02x' "$(cmis_byte "$xd" 'page 10 bank 1' 130)")" "$raw1" "raw: bank 1 byte 130 as the image"
raw0=$(sl_raw_read 0 0 0x10 130 1)
echo 1 >$c0/lane10/tx_disable
t_eq 1 "$(cat $c0/lane10/tx_disable)" "XD: lane10/tx_disable reads 1"
t_eq "$(printf '%02x' $((0x$raw1 | 0x02)))" "$(sl_raw_read 0 1 0x10 130 1)" \
	"raw: lane 10 is bit 1 of byte 130 in bank 1"
t_eq "$raw0" "$(sl_raw_read 0 0 0x10 130 1)" "raw: bank 0 untouched (lane 2 still enabled)"
t_eq "0 1" "$(cat $c0/lane2/tx_disable) $(cat $c0/lane10/tx_disable)" "XD: lane2 0, lane10 1"
t_eq "$(printf '%02x' $((0x$raw1 | 0x02)))" "$(sl_pread $c0/eeprom "$(sl_ee_off 1 0x10 130)" 1)" \
	"eeprom: bank 1 page 10h at 128 * (256 + 16 + 1) + 2"
t_eq deactivated "$(cat $c0/lane10/datapath_state)" "XD: lane 10's data path deactivated"
echo 0 >$c0/lane10/tx_disable
t_eq "$raw1" "$(sl_raw_read 0 1 0x10 130 1)" "raw: bank 1 byte 130 restored"
got=$(sl_pread $c0/eeprom "$(sl_ee_off 1 0x11 128)" 128)
t_eq "$(cmis_page "$xd" 'page 11 bank 1' | cut -d' ' -f27-)" "$(echo "$got" | cut -d' ' -f27-)" \
	"eeprom: bank 1 page 11h bytes 154-255 are the image's (offset 128 * (256 + 17 + 1))"
t_eq "$(sl_ethtool_page osfp0 0x11 1 | cut -d' ' -f27-)" "$(echo "$got" | cut -d' ' -f27-)" \
	"eeprom: bank 1 page 11h is what ethtool -m page 0x11 bank 1 reads"
t_eq "$(cmis_page "$xd" 'page 10 bank 1')" "$(sl_pread $c0/eeprom "$(sl_ee_off 1 0x10 128)" 128)" \
	"eeprom: bank 1 page 10h is the image's"
t_eq "<EIO>" "$(sl_pread $c0/eeprom "$(sl_ee_off 2 0x10 128)" 128)" "XD: bank 2 not advertised: EIO"
t_eq "ok 1" "$(sl_pwrite $c0/eeprom "$(sl_ee_off 1 0x10 130)" 01)" "eeprom: bank 1 page 10h writable"
t_eq "1 $(printf '%02x' 1)" "$(cat $c0/lane9/tx_disable) $(sl_raw_read 0 1 0x10 130 1)" \
	"lane9/tx_disable and the module follow"
sl_pwrite $c0/eeprom "$(sl_ee_off 1 0x10 130)" "$raw1" >/dev/null

# ---- item 12: the two bank layouts of the eeprom file ----
# Bank 1 page 11h bytes 154-255 (monitors, config status: no flag, no
# state) at 128 * (256 * 1 + 17 + 1) (sonic_xcvr) by default, at
# 128 * (240 * 1 + 17 + 1) (optoe's bank_size) with eeprom_bank_pages 240.
p11b1=$(cmis_page "$xd" 'page 11 bank 1' | cut -d' ' -f27-)
p01=$(cmis_page "$xd" 'page 01' | cut -d' ' -f27-)
t_eq 256 "$(cat $c0/eeprom_bank_pages)" "item 12: eeprom_bank_pages is 256 by default"
t_eq 35072 "$(sl_ee_off 1 0x11 128)" "item 12: sonic_xcvr's offset of bank 1 page 11h is (256 * 1 + 17) * 128 + 128"
t_eq "$p11b1" "$(sl_pread $c0/eeprom 35072 128 | cut -d' ' -f27-)" \
	"item 12: layout 256: bank 1 page 11h at 35072 is the image's"
t_eq "$(cmis_page "$xd" 'page 01')" "$(sl_pread $c0/eeprom "$(sl_ee_off 1 1 128)" 128)" \
	"item 12: layout 256: page 01h in bank 1's block is the unbanked page 01h"
t_eq "$p01" "$(sl_pread $c0/eeprom 33024 128 | cut -d' ' -f27-)" \
	"item 12: layout 256: 33024 (bank 1 page 11h of the 240 layout) is page 01h"
t_eq "$SL_EE_SIZE" "$(stat -c %s $c0/eeprom)" "item 12: the file is (4 * 256 + 1) * 128 bytes"
t_eq "<EINVAL>" "$(sl_write $c0/eeprom_bank_pages 128)" "item 12: eeprom_bank_pages 128: EINVAL"
t_eq 256 "$(cat $c0/eeprom_bank_pages)" "item 12: ... and the layout is unchanged"
t_ok "item 12: echo 240 > eeprom_bank_pages" sh -c "echo 240 > $c0/eeprom_bank_pages"
t_eq "240 256" "$(cat $c0/eeprom_bank_pages) $(cat /sys/class/osfp/osfp1/eeprom_bank_pages)" \
	"item 12: set per cage: osfp0 240, osfp1 still 256"
t_eq 33024 "$(sl_ee_off 1 0x11 128 240)" "item 12: optoe's offset of bank 1 page 11h is (240 * 1 + 17) * 128 + 128"
t_eq "$p11b1" "$(sl_pread $c0/eeprom 33024 128 | cut -d' ' -f27-)" \
	"item 12: layout 240: bank 1 page 11h at 33024 is the image's"
t_eq "$(cmis_page "$xd" 'page 10 bank 1')" "$(sl_pread $c0/eeprom "$(sl_ee_off 1 0x10 128 240)" 128)" \
	"item 12: layout 240: bank 1 page 10h is the image's"
t_eq "$p11b1" "$(sl_ethtool_page osfp0 0x11 1 | cut -d' ' -f27-)" \
	"item 12: ethtool -m page 0x11 bank 1 reads the same bytes"
t_eq "<EIO>" "$(sl_pread $c0/eeprom "$(sl_ee_off 2 0x11 128 240)" 128)" "item 12: layout 240: bank 2 not advertised: EIO"
t_eq "" "$(sl_pread $c0/eeprom 125056 16)" "item 12: layout 240 ends at (4 * 240 + 16 + 1) * 128: end of file"
t_eq "<EFBIG>" "$(sl_pwrite $c0/eeprom 125056 00)" "item 12: layout 240: a write past its end: EFBIG"
t_eq "ok 1" "$(sl_pwrite $c0/eeprom "$(sl_ee_off 1 0x10 130 240)" 01)" "item 12: layout 240: bank 1 page 10h writable"
t_eq "1 01" "$(cat $c0/lane9/tx_disable) $(sl_raw_read 0 1 0x10 130 1)" "item 12: layout 240: lane9/tx_disable and the module follow"
sl_pwrite $c0/eeprom "$(sl_ee_off 1 0x10 130 240)" "$raw1" >/dev/null
t_eq "$(cmis_page "$(osfp_default_image 1)" 'page 01' | cut -d' ' -f27-)" \
	"$(sl_pread /sys/class/osfp/osfp1/eeprom 33024 128 | cut -d' ' -f27-)" \
	"item 12: osfp1 keeps layout 256: its 33024 is page 01h"
echo 256 >$c0/eeprom_bank_pages
t_eq "$p11b1" "$(sl_pread $c0/eeprom 35072 128 | cut -d' ' -f27-)" \
	"item 12: back to layout 256: bank 1 page 11h at 35072 again"
# 2 banks, each filled at most once a second: the transactions are bounded
# by the fills the reads' time allows (shell built-ins only, timed with
# $EPOCHREALTIME), at most 3 per bank and fill (a page select, two reads)
sl_quiet 0
dp_files=($c0/lane*/appsel $c0/lane*/datapath_state $c0/lane*/data_path_id)
"$emu" stats 0 --reset >/dev/null
t0=$EPOCHREALTIME
for f in "${dp_files[@]}"; do read -r v <"$f"; done
t1=$EPOCHREALTIME
n=$(emu_stat 0 transactions)
ms=$(((${t1/./} - ${t0/./}) / 1000))
fills=$((1 + ms / 1000))
if [ "$n" -ge 2 ] && [ "$n" -le $((6 * fills)) ]; then
	t_pass "XD: all 16 lanes' data path status in $n transactions ($ms ms: at most $fills fills of 3 per bank)"
else
	t_fail "XD: all 16 lanes' data path status in $n transactions (expected 2-$((6 * fills)) for $ms ms: $fills fills of 3 per bank)"
fi

# ---- the removal of a 16-lane module, and an 8-lane one after it ----

swap "$sr4"
t_eq "$(sl_seq 8)" "$(sl_lane_dirs $c0)" "XD replaced by SR4: lane9 .. lane16 gone"
t_eq 8 "$(cat $c0/lane_count)" "SR4: lane_count 8"

# ---- CMIS 4.0, 8-byte reads ----

swap "$c40"
"$emu" stats 0 --reset >/dev/null
cat $c0/lane*/appsel $c0/lane*/datapath_state $c0/lane*/tx_disable $c0/active_application >/dev/null
sl_pread $c0/eeprom 0 32896 >/dev/null
t_eq 0 "$(emu_stat 0 violations)" "CMIS 4.0: lanes and a whole eeprom read without one read over 8 bytes"

t_done
