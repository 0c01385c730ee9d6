#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --cages 2
# osfp-vm-time: 70
# osfp-vm-ksrc: 6.12
#
# Module firmware update through CMIS CDB (emulated firmware files written
# by tests/data/mkfw.py, the CDB module image osfp-800g-2x400g-dr4.cmis in
# cage 1 with firmware 3.1 running, 3.0 inactive):
# - the driver's sysfs update (firmware_update and its status, progress
#   and error files) through EPL writes, and through LPL writes on a
#   module derived from it without EPL pages; the new version runs and is
#   committed, in the emulator's stats as in firmware_version;
# - the kernel's own flow (ethtool MODULE_FW_FLASH_ACT, tools/osfp-fw-flash)
#   on kernels 6.11 and later, on a module whose status byte still shows
#   the previous command's status for a while (fault cdb-stale): the flow
#   waits for each command's completion flag (issue 16 item 5);
# - a Run Firmware Image sent through the eeprom file with SONiC's 512 ms
#   reset delay: the driver identifies the module once it has reset into
#   the other image (issue 16 item 12);
# - each CDB fault of the emulator and a corrupt image: the update fails
#   with a reason, the module still answers and keeps its old firmware;
# - a module pulled and the driver unbound during a download (the CDB
#   completion flag masks the driver set are given back);
# - the refusals: an update already running, a missing or empty file,
#   an empty cage, a module without CDB, the kernel flow on a netdev up.

. "$OSFP_TOP/tests/vm/testlib.sh"
. "$OSFP_TOP/tests/vm/sysfs-lib.sh"

emu=$OSFP_EMU
cdb_img=$OSFP_DATA/osfp-800g-2x400g-dr4.cmis
c0=/sys/class/osfp/osfp0
c1=/sys/class/osfp/osfp1
fwdir=$(mktemp -d /tmp/t-fw.XXXXXX)
fwpath=/sys/module/firmware_class/parameters/path
oldpath=$(cat $fwpath 2>/dev/null)
# Without a newline: 6.1 takes the parameter's bytes as they are
printf '%s' "$fwdir" >$fwpath
trap 'printf "%s" "$oldpath" >$fwpath; rm -rf "$fwdir"' EXIT

# The versions of the CDB image: running (lower 39-40), inactive (01h:128-129)
old="$(cmis_byte "$cdb_img" lower 39).$(cmis_byte "$cdb_img" lower 40)"
old_inactive="$(cmis_byte "$cdb_img" 'page 01' 128).$(cmis_byte "$cdb_img" 'page 01' 129)"

# Bodies: small for the functional checks (16 KiB: 8 EPL blocks of 2048
# bytes; 8 KiB: about 70 LPL blocks)
mkfw() { python3 "$OSFP_DATA/mkfw.py" "$@"; }
mkfw --version 3.2 --size 16384 "$fwdir/osfp-fw-3.2.bin"
mkfw --version 3.3 --size 8192 "$fwdir/osfp-fw-3.3.bin"
mkfw --version 3.4 --size 8192 "$fwdir/osfp-fw-3.4.bin"
mkfw --version 3.5 --size 16384 "$fwdir/osfp-fw-3.5.bin"
mkfw --version 4.0 --size 8192 --corrupt "$fwdir/osfp-fw-bad.bin"
head -c 16 "$fwdir/osfp-fw-3.2.bin" >"$fwdir/osfp-fw-tiny.bin"
: >"$fwdir/osfp-fw-empty.bin"
# The LPL-only module: one CDB instance, no EPL pages
lpl_img=$fwdir/osfp-800g-lpl.cmis
python3 "$OSFP_DATA/mkimages.py" --derive "$cdb_img" --set 01:163=0x40 "$lpl_img"

# swap CAGE IMAGE: unplug, load IMAGE (the emulated firmware A/B back to
# the image's), plug, wait until the driver has the module up again.
swap() {
	local d=/sys/class/osfp/osfp$1
	"$emu" unplug "$1"
	osfp_wait "[ \"\$(cat $d/module_state)\" = absent ]" 5000 || return 1
	"$emu" load "$1" "$2" || return 1
	"$emu" plug "$1"
	osfp_wait "[ \"\$(cat $d/module_state)\" = $(sl_expect_state "$2") ]" 5000
}

# fw_write CAGE NAME: `echo NAME > firmware_update` (with its newline, as a
# user writes it); prints "ok" or the write's error as "<ERRNO>".
fw_write() {
	local f=/sys/class/osfp/osfp$1/firmware_update out
	[ -e "$f" ] || { echo "<no $f>"; return; }
	if out=$( { echo "$2" >"$f"; } 2>&1); then
		echo ok
		return
	fi
	case $out in
	*"Device or resource busy"*) echo "<EBUSY>" ;;
	*"No such file or directory"*) echo "<ENOENT>" ;;
	*"No such device"*) echo "<ENODEV>" ;;
	*"Operation not supported"*) echo "<EOPNOTSUPP>" ;;
	*"Invalid argument"*) echo "<EINVAL>" ;;
	*"Resource temporarily unavailable"*) echo "<EAGAIN>" ;;
	*) echo "<${out##*: }>" ;;
	esac
}

# fw_wait CAGE [TIMEOUT_MS]: wait until firmware_update_status is done or
# failed; prints the status then ("timeout: <status>" if it never came).
fw_wait() {
	local f=/sys/class/osfp/osfp$1/firmware_update_status st end
	end=$(($(date +%s%N) / 1000000 + ${2:-60000}))
	while :; do
		read -r st <"$f" 2>/dev/null
		case $st in done|failed) echo "$st"; return ;; esac
		if [ "$(($(date +%s%N) / 1000000))" -ge "$end" ]; then
			echo "timeout: $st"
			return
		fi
		sleep 0.1
	done
}

# fw_state CAGE: "firmware_version / emulator running committed"
fw_state() {
	echo "$(cat "/sys/class/osfp/osfp$1/firmware_version" 2>&1) /" \
		"$(emu_stat "$1" fw_running) $(emu_stat "$1" fw_committed)"
}

# cdb_count CAGE: the emulator's count of CDB commands.
cdb_count() { emu_stat "$1" cdb_commands; }

# flash_progress OUTPUT: osfp-fw-flash printed started first, then progress.
# shellcheck disable=SC2317 # called through t_ok
flash_progress() {
	[ "$(head -n1 <<<"$1")" = started ] && grep -q '^in_progress [0-9]*/[0-9]*$' <<<"$1"
}

kernel_flow=0
kv=$(uname -r)
kmaj=${kv%%.*}
kmin=${kv#*.}
kmin=${kmin%%.*}
if [ "$kmaj" -gt 6 ] || { [ "$kmaj" = 6 ] && [ "$kmin" -ge 11 ]; }; then
	kernel_flow=1
fi

# ---- the starting point ----

t_ok "cage 1: the CDB image loaded, module up" swap 1 "$cdb_img"
# Without the driver's update files or the emulator's CDB every check
# below would only wait for its timeout.
if [ ! -e $c1/firmware_update ] || [ -z "$(emu_stat 1 fw_running)" ]; then
	t_fail "firmware update: the driver has no $c1/firmware_update, or the emulator no CDB (no fw_running in its stats)"
	t_done
fi
t_eq "$old / $old $old" "$(fw_state 1)" \
	"CDB module: firmware $old running and committed (firmware_version, emulator)"
t_eq "$old_inactive" "$(emu_stat 1 fw_inactive)" "CDB module: inactive image $old_inactive"
t_eq "c0 00" "$(emu_read 1 31 1) $(emu_read 0 31 1)" \
	"the driver masks the CDB completion flags (byte 31 bits 7-6) of the CDB module only"
pn=$(cat $c1/vendor_pn)
t_eq idle "$(cat $c1/firmware_update_status 2>&1)" "no update yet: status idle"
t_eq "" "$(cat $c1/firmware_update_error 2>&1)" "no update yet: no error"

# ---- (d) refusals that need no update running ----

t_eq "<EOPNOTSUPP>" "$(fw_write 0 osfp-fw-3.2.bin)" \
	"a module without CDB (SR4, 01h:163 = 0): EOPNOTSUPP"
"$emu" unplug 0
osfp_wait "grep -qx absent $c0/module_state" 5000
t_eq "<ENODEV>" "$(fw_write 0 osfp-fw-3.2.bin)" "an empty cage: ENODEV"
"$emu" plug 0
t_eq "<ENOENT>" "$(fw_write 1 osfp-fw-nosuch.bin)" "a file request_firmware does not find: ENOENT"
# The firmware loader refuses an empty file itself (ENOENT); the driver
# would too (EINVAL)
r=$(fw_write 1 osfp-fw-empty.bin)
case $r in
"<ENOENT>" | "<EINVAL>") t_pass "an empty file: refused ($r)" ;;
*) t_fail "an empty file: $r (expected <ENOENT> or <EINVAL>)" ;;
esac
t_eq "<EINVAL>" "$(fw_write 1 ../t-fw/osfp-fw-3.2.bin)" "a name with '..': EINVAL"
t_eq "idle $old" "$(cat $c1/firmware_update_status) $(cat $c1/firmware_version)" \
	"the refused writes started nothing"
t_ok "cage 0 back up" osfp_wait "grep -qx ready $c0/module_state" 5000

# ---- (a) sysfs update, EPL ----

n0=$(cdb_count 1)
SL_ARMED=$fwdir/armed sl_watch $c1/firmware_update_status 90000 "done" >"$fwdir/watch" &
watch=$!
t_ok "EPL: the status poller is armed" sl_wait_armed "$fwdir/armed" $watch
# The emulator's slow fault holds the module's management init after the
# Run (0109h) reset for 10 s, and the driver's identification with it: the
# writes below find the update running whatever the machine's speed, the
# second one while the module is being identified again (the phase in
# which the driver once answered EAGAIN). Cleared once that write is made.
"$emu" fault 1 slow
t_eq ok "$(fw_write 1 osfp-fw-3.2.bin)" "EPL: echo osfp-fw-3.2.bin > firmware_update"
t_eq "<EBUSY>" "$(fw_write 1 osfp-fw-3.3.bin)" "EPL: a second write while it runs: EBUSY"
# shellcheck disable=SC2317 # called through osfp_wait
unidentified() {
	local st ms
	read -r st <"$c1/firmware_update_status"
	read -r ms <"$c1/module_state"
	[ "$st" = activating ] && case $ms in initializing | identifying | error) ;; *) false ;; esac
}
if osfp_wait unidentified 30000; then
	r=$(fw_write 1 osfp-fw-3.3.bin)
	read -r ms <$c1/module_state
	echo "fault clear" >/sys/kernel/osfp_emu/port1/command
	t_eq "<EBUSY> unidentified" "$r $(case $ms in initializing | identifying | error) echo unidentified ;; *) echo "$ms" ;; esac)" \
		"item 1: EPL: a write while the module is identified again after Run: EBUSY"
else
	"$emu" fault 1 clear
	t_fail "item 1: EPL: a write while the module is identified again after Run (never saw it: $(cat $c1/firmware_update_status) $(cat $c1/module_state))"
fi
t_eq "done" "$(fw_wait 1 90000)" "EPL: the update ends done"
t_ok "EPL: the status poller saw the end and exited cleanly" wait $watch
t_eq 100 "$(cat $c1/firmware_update_progress)" "EPL: progress 100"
t_eq "" "$(cat $c1/firmware_update_error)" "EPL: no error"
t_eq "3.2 / 3.2 3.2" "$(fw_state 1)" \
	"EPL: 3.2 runs and is committed (firmware_version, emulator fw_running, fw_committed)"
t_eq "$old" "$(emu_stat 1 fw_inactive)" "EPL: the old $old is the inactive image"
if [ -e $c1/firmware_inactive_version ]; then
	t_eq "$old" "$(cat $c1/firmware_inactive_version)" "EPL: firmware_inactive_version $old"
fi
n=$(($(cdb_count 1) - n0))
# 16384 bytes in 2048-byte EPL blocks: 8 writes and a handful of others;
# LPL blocks (at most 120 bytes) would take over 130 commands.
if [ "$n" -ge 11 ] && [ "$n" -le 30 ]; then
	t_pass "EPL: $n CDB commands (8 EPL writes of 2048 bytes)"
else
	t_fail "EPL: $n CDB commands (expected 11-30: 8 EPL writes of 2048 bytes)"
fi
t_ok "EPL: module ready after the update" osfp_wait "grep -qx ready $c1/module_state" 10000
t_ok "EPL: status changes are notified (downloading seen, done last)" \
	sh -c "grep -q ' downloading\$' $fwdir/watch && tail -n1 $fwdir/watch | grep -q ' done\$'"
t_ok "EPL: ethtool -m reads the module" ethtool -m osfp1

# ---- (a) sysfs update, LPL only ----

t_ok "LPL: the LPL-only module (01h:163 = 0x40) loaded" swap 1 "$lpl_img"
n0=$(cdb_count 1)
t_eq ok "$(fw_write 1 osfp-fw-3.3.bin)" "LPL: echo osfp-fw-3.3.bin > firmware_update"
t_eq "done" "$(fw_wait 1 90000)" "LPL: the update ends done"
t_eq 100 "$(cat $c1/firmware_update_progress)" "LPL: progress 100"
t_eq "3.3 / 3.3 3.3" "$(fw_state 1)" "LPL: 3.3 runs and is committed"
n=$(($(cdb_count 1) - n0))
# 8192 bytes in LPL blocks of at most 120 bytes: at least 69 writes
if [ "$n" -ge 69 ]; then
	t_pass "LPL: $n CDB commands (LPL writes)"
else
	t_fail "LPL: $n CDB commands (expected at least 69 LPL writes of 8192 bytes)"
fi
t_ok "LPL: module ready after the update" osfp_wait "grep -qx ready $c1/module_state" 10000

# ---- (c) CDB faults and a corrupt image: failed, old firmware kept ----

# fails WHAT FAULT NAME PATTERN: with FAULT injected ("" for none), the
# update from NAME fails with an error matching PATTERN (grep -iE); the
# module still answers and keeps firmware $old.
fails() {
	local what=$1 fault=$2 name=$3 pat=$4 err
	swap 1 "$cdb_img" || t_fail "$what: the CDB image did not come up"
	[ -n "$fault" ] && "$emu" fault 1 "$fault"
	t_eq ok "$(fw_write 1 "$name")" "$what: the write starts the update"
	t_eq failed "$(fw_wait 1 60000)" "$what: the update ends failed"
	err=$(cat $c1/firmware_update_error)
	if [ -n "$err" ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -qiE -- "$pat"; then
		t_pass "$what: firmware_update_error says why ($err)"
	else
		t_fail "$what: firmware_update_error '$err' (expected one line matching '$pat')"
	fi
	t_ok "$what: the module still answers (module_state ready)" \
		osfp_wait "grep -qx ready $c1/module_state" 10000
	t_eq "$pn" "$(cat $c1/vendor_pn 2>&1)" "$what: vendor_pn reads $pn"
	t_ok "$what: the data path is back (lane1 and lane8 activated)" \
		osfp_wait "grep -qx activated $c1/lane1/datapath_state && grep -qx activated $c1/lane8/datapath_state" 5000
	t_ok "$what: ethtool -m reads the module" osfp_wait "ethtool -m osfp1" 5000
	t_eq "$old / $old $old" "$(fw_state 1)" "$what: firmware $old still runs and is committed"
	[ -n "$fault" ] && "$emu" fault 1 clear
}

fails cdb-chkcode cdb-chkcode osfp-fw-3.4.bin 'chk|check|0x45'
fails cdb-busy cdb-busy osfp-fw-3.4.bin 'busy|time'
fails cdb-nack cdb-nack osfp-fw-3.4.bin 'busy|time|nack|i/o|bus'
fails "corrupt image" "" osfp-fw-bad.bin 'complet|0x40|crc|image'
# The module says how long its header is (0041h) only once the update runs
fails "a 16-byte file" "" osfp-fw-tiny.bin 'header'

# and a good update works again after them
t_ok "after the failures: the CDB image loaded" swap 1 "$cdb_img"
t_eq ok "$(fw_write 1 osfp-fw-3.4.bin)" "after the failures: a good update starts"
t_eq "done" "$(fw_wait 1 90000)" "after the failures: it ends done"
t_eq "3.4 / 3.4 3.4" "$(fw_state 1)" "after the failures: 3.4 runs and is committed"

# ---- (b) the kernel's flow (ethtool MODULE_FW_FLASH_ACT) ----

if [ "$kernel_flow" = 1 ]; then
	flash=$OSFP_TOP/tools/osfp-fw-flash
	t_ok "kernel flow: the CDB image loaded" swap 1 "$cdb_img"
	ip link set osfp1 up
	out=$("$flash" osfp1 osfp-fw-3.5.bin 2>&1)
	rc=$?
	ip link set osfp1 down
	if [ "$rc" = 1 ] && echo "$out" | grep -q 'refused: Netdevice is up'; then
		t_pass "kernel flow: refused while osfp1 is up ($out)"
	else
		t_fail "kernel flow: refused while osfp1 is up (exit $rc: $(echo "$out" | tail -n 3 | tr '\n' '|'))"
	fi
	t_eq "$old / $old $old" "$(fw_state 1)" "kernel flow: the refusal changed nothing"
	# The status byte lags each trigger: only the completion flag is news
	"$emu" fault 1 cdb-stale
	out=$("$flash" osfp1 osfp-fw-3.5.bin 2>&1)
	rc=$?
	# At once: the hands-off lasts 10 s from the flow's last CDB write. A
	# file that does not exist: if the hands-off were over, this would
	# start nothing (ENOENT) instead of an update.
	r=$(fw_write 1 osfp-fw-nosuch.bin)
	busy=$(emu_stat 1 cdb_busy_arrivals)
	"$emu" fault 1 clear
	echo "$out" | sed 's/^/# osfp-fw-flash: /' | head -n 3
	t_eq "0 completed" "$rc $(echo "$out" | tail -n 1)" "kernel flow: osfp-fw-flash osfp1 osfp-fw-3.5.bin completes"
	t_eq 0 "$busy" \
		"kernel flow: item 5: no CDB command sent while the one before was busy (cdb-stale; $(cdb_count 1) commands)"
	t_ok "kernel flow: started, then progress notifications" flash_progress "$out"
	t_ok "kernel flow: firmware_version 3.5 once the module is back" \
		osfp_wait "grep -qx 3.5 $c1/firmware_version" 15000
	t_eq "3.5 / 3.5 3.5" "$(fw_state 1)" "kernel flow: 3.5 runs and is committed"
	t_eq "<EBUSY>" "$r" "kernel flow: the driver's own update keeps off right after it: EBUSY"
	# The hands-off ends by itself (10 s): wait for it, not for a time
	t_ok "kernel flow: the driver's own update is possible again after the hands-off" \
		osfp_wait '[ "$(fw_write 1 osfp-fw-nosuch.bin)" = "<ENOENT>" ]' 60000
else
	t_pass "kernel flow: osfp-fw-flash, and its refusal on a netdev up # SKIP kernel $kmaj.$kmin has no module firmware flashing"
fi

# ---- (f) Run Firmware Image through the eeprom file, as SONiC sends it ----

# cdb_write CAGE OFFSET BYTE...: write page 9Fh bytes through the eeprom
# file (page P at (P + 1) * 128 in its layout), in one write
# shellcheck disable=SC2317 # called through t_ok
cdb_write() {
	python3 - "$@" <<'PYEOF'
import os, sys
cage, off = sys.argv[1], int(sys.argv[2])
data = bytes(int(b, 0) for b in sys.argv[3:])
fd = os.open("/sys/class/osfp/osfp%s/eeprom" % cage, os.O_WRONLY)
n = os.pwrite(fd, data, (0x9f + 1) * 128 + off - 128)
sys.exit(0 if n == len(data) else 1)
PYEOF
}

t_ok "Run via eeprom: the CDB image loaded" swap 1 "$cdb_img"
# SONiC's run_fw_image(): LPL 00h, mode 01h, delay to reset 0200h (512 ms)
# at 136-139, lengths at 130-133, then the CMDID 0109h at 128-129
chk=$(( ~(0x01 + 0x09 + 4 + 0x01 + 0x02) & 0xff ))
t_ok "Run via eeprom: body written" cdb_write 1 130 0 0 4 $chk 0 0 0 1 2 0
t_ok "Run via eeprom: CMDID 0109h written" cdb_write 1 128 0x01 0x09
t_ok "Run via eeprom: item 12: firmware_version $old_inactive once the module has reset" \
	osfp_wait "grep -qx $old_inactive $c1/firmware_version" 15000
t_eq "$old_inactive $old" \
	"$(cat $c1/firmware_version) $(cat $c1/firmware_inactive_version 2>&1)" \
	"Run via eeprom: item 12: firmware_version $old_inactive, firmware_inactive_version $old"
t_eq "$old_inactive" "$(emu_stat 1 fw_running)" "Run via eeprom: the emulator runs $old_inactive"
t_ok "Run via eeprom: module ready" osfp_wait "grep -qx ready $c1/module_state" 10000
t_ok "Run via eeprom: the CDB image back" swap 1 "$cdb_img"
# The driver's own update keeps off for 10 s after another host's CDB use
sleep 10

# ---- (e) the module pulled, the driver unbound, during a download ----

# big: 512 KiB in EPL blocks, long enough to be caught downloading
mkfw --version 5.0 --size 524288 "$fwdir/osfp-fw-big.bin"
# downloading CAGE: the update is in its download phase, some of it done
# (shell built-ins only: no fork, so that the poll is quick on a slow VM)
downloading() {
	local st pr
	read -r st </sys/class/osfp/osfp$1/firmware_update_status
	read -r pr </sys/class/osfp/osfp$1/firmware_update_progress
	[ "$st" = downloading ] && [ "$pr" -gt 0 ]
}
before=$(fw_state 1)
mark=$(dmesg | wc -l)
t_eq ok "$(fw_write 1 osfp-fw-big.bin)" "pulled: a 512 KiB update starts"
t_ok "pulled: caught downloading" osfp_wait "downloading 1" 30000
"$emu" unplug 1
t_eq failed "$(fw_wait 1 10000)" "pulled: the update ends failed"
err=$(cat $c1/firmware_update_error)
if echo "$err" | grep -q "removed"; then
	t_pass "pulled: firmware_update_error says so ($err)"
else
	t_fail "pulled: firmware_update_error '$err' (expected 'module removed ...')"
fi
t_eq absent "$(cat $c1/module_state)" "pulled: module_state absent"
# Nothing to abort or restore on a module that is gone
t_eq "" "$(dmesg | tail -n "+$((mark + 1))" | grep -E 'not aborted|not restored')" \
	"pulled: no abort or data path restore attempted on the absent module"
"$emu" plug 1
t_ok "pulled: plugged back, ready" osfp_wait "grep -qx ready $c1/module_state" 10000
t_eq "$before" "$(fw_state 1)" "pulled: the firmware it ran before still runs and is committed"

t_eq ok "$(fw_write 1 osfp-fw-big.bin)" "unbound: a 512 KiB update starts"
t_ok "unbound: caught downloading" osfp_wait "downloading 1" 30000
t_ok "unbound: rmmod osfp returns within 20 s" timeout 20 rmmod osfp
t_eq 00 "$(emu_read 1 31 1)" \
	"unbound: item 10: the CDB completion flag masks given back (byte 31 as the image has it)"
t_ok "unbound: insmod osfp" insmod "$OSFP_BUILD/osfp.ko"
t_ok "unbound: the module comes back ready" \
	osfp_wait "grep -qx ready $c1/module_state 2>/dev/null" 15000
t_eq "idle" "$(cat $c1/firmware_update_status)" "unbound: a new driver starts idle"
t_ok "unbound: the update gave the data path back (lane1 and lane8 activated)" \
	osfp_wait "grep -qx activated $c1/lane1/datapath_state && grep -qx activated $c1/lane8/datapath_state" 5000
# The emulated module may still be busy with the last block: its download
# is abandoned, not run, and a module reset (as the new driver did not
# make one) is not needed for the old image to run
t_eq "$before" "$(fw_state 1)" "unbound: the firmware it ran before still runs and is committed"

t_done
