#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 55
#
# The emulated module's CDB (the 800G image advertises it), driven directly
# over i2c-dev by tests/vm/cdb-host.py: replies, the firmware download
# through LPL and EPL, run / commit and the A/B images across resets, the
# write length limits, and the faults cdb-chkcode, cdb-busy and cdb-nack.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
host=$OSFP_TOP/tests/vm/cdb-host.py
mkfw=$OSFP_DATA/mkfw.py
dr4=$OSFP_DATA/osfp-800g-2x400g-dr4.cmis

EMU_BOARD_BUS=$(emu_board_bus)
P0=$(emu_bus 0)
tmp=$(mktemp -d)

# cdb ARGS...: one cdb-host.py run; one that dies (a Python exception, a
# failed transfer) is recorded, and fails the test at its end.
cdb() {
	local rc
	python3 "$host" "$P0" "$@"
	rc=$?
	[ "$rc" = 0 ] || echo "cdb-host.py $* exited $rc" >>"$tmp/cdb-died"
	return "$rc"
}
# field NAME: the word after NAME in the last cdb output ($out)
field() { set -- "$1" $out; local k=$1; shift; while [ $# -gt 1 ]; do [ "$1" = "$k" ] && { echo "$2"; return; }; shift; done; }
ready() { osfp_wait "[ \$(emu_stat 0 state) = ready ]" 5000; }
# versions: lower 39-40 and page 01h 128-129, as "M.m M.m"
versions() {
	local run inact
	run=$(emu_read 0 39 2)
	emu_write 0 127 0x01
	inact=$(emu_read 0 128 2)
	emu_write 0 127 0x00
	set -- $run $inact
	echo "$((0x$1)).$((0x$2)) $((0x$3)).$((0x$4))"
}
fwstats() { echo "$(emu_stat 0 fw_running) $(emu_stat 0 fw_committed) $(emu_stat 0 fw_inactive)"; }

t_ok "800G image loads" "$emu" load 0 "$dr4"
t_ok "port 0 ready" ready
t_eq "3.1 3.0" "$(versions)" "image: running 3.1, inactive 3.0"
t_eq "3.1 3.1 3.0" "$(fwstats)" "stats: fw_running fw_committed fw_inactive"

# Page 9Fh and the EPL pages are selectable (bank 0 only), A0h-AFh only.
for pg in 0x9f 0xa0 0xaf; do
	emu_write 0 127 "$pg"
	t_eq "$pg" "$(emu_stat 0 page)" "page $pg selectable"
done
emu_write 0 126 1
emu_write 0 127 0x9f
t_eq 0x00 "$(emu_stat 0 page)" "page 9Fh bank 1 reverts to 0"
emu_write 0 126 0
emu_write 0 127 0xb0
t_eq 0x00 "$(emu_stat 0 page)" "page B0h not advertised: reverts to 0"
emu_write 0 127 0

# Write length: 128 bytes on CDB pages, 8 elsewhere.
v0=$(emu_stat 0 violations)
t_eq ok "$(cdb write 0x9f 128 128)" "128-byte write to page 9Fh accepted"
t_eq ok "$(cdb write 0xa3 128 128)" "128-byte write to EPL page A3h accepted"
t_eq "$v0" "$(emu_stat 0 violations)" "no violation counted"
out=$(cdb write 0x9f 128 129)
case $out in "error "*) t_pass "129-byte write to page 9Fh NACKed" ;; *) t_fail "129-byte write to 9Fh: $out" ;; esac
out=$(cdb write 0x01 128 9)
case $out in "error "*) t_pass "9-byte write to page 01h still NACKed" ;; *) t_fail "9-byte write to 01h: $out" ;; esac
t_eq "$((v0 + 2))" "$(emu_stat 0 violations)" "two violations counted"

# Replies of the feature commands.
out=$(cdb exec 0x0041)
t_eq "0x01 1" "$(field status) $(field flag)" "0041h: success, CdbCmdCompleteFlag1 latched"
t_eq "00 00 20 ff 0f 11 00 00 01 f4 00 64 00 64 03 e8 00 00" "${out#*rpl }" \
	"0041h reply: 18 bytes, start payload 32, erased 0xff, ext 15, LPL+EPL, times"
# item 12: 0100h Get Firmware Info (CMIS 5.2 table 9-17)
# fwinfo: "STATUS INFO A-MAJOR.MINOR.BUILD B-MAJOR.MINOR.BUILD LEN" of a 0100h
fwinfo() {
	local out
	out=$(cdb exec 0x0100)
	set -- $(echo "$out" | sed 's/.*status \(0x[0-9a-f]*\).*/\1/') ${out#*rpl }
	echo "$1 $2 $3 $((0x$4)).$((0x$5)).$((0x$6$7)) $((0x${40})).$((0x${41})).$((0x${42}${43})) $(($# - 1))"
}
# fwstr N: the extra string of image N (0 = A, 1 = B) of a 0100h reply
fwstr() {
	local out n=$1
	out=$(cdb exec 0x0100)
	set -- ${out#*rpl }
	shift $((6 + 36 * n))
	printf '%b' "$(printf '\\x%s' $1 $2 $3 $4 $5 $6 $7 $8 $9 ${10} ${11} ${12} ${13} ${14} ${15} ${16})"
}
t_eq "0x01 03 03 3.1.0 3.0.0 74" "$(fwinfo)" \
	"item 12: 0100h: success; A running and committed, A and B present; A 3.1, B 3.0; 74 bytes"
t_eq "osfp-emu image A|osfp-emu image B" "$(fwstr 0)|$(fwstr 1)" "item 12: 0100h: extra strings of A and B"
out=$(cdb exec 0x0040)
set -- ${out#*rpl }
t_eq "36 01 f4" "$# ${35} ${36}" "0040h reply: 36 bytes, max completion time 500 ms"
out=$(cdb exec 0x0000 0 0)
t_eq "0x01 01 01" "$(field status) ${out#*rpl }" "0000h query status"
out=$(cdb exec 0x0fff)
t_eq 0x41 "$(field status)" "unknown CMDID: 0x41"
out=$(cdb exec 0x0041 --bad-chk)
t_eq 0x45 "$(field status)" "wrong CdbChkCode: 0x45"
out=$(cdb exec 0x0103 0 0 0 0 1 2 3 4)
t_eq 0x47 "$(field status)" "write block before start: 0x47"
t_eq 0x0103 "$(emu_stat 0 cdb_last)" "stats cdb_last"
t_eq 0x47 "$(emu_stat 0 cdb_status)" "stats cdb_status"

# IntL: the completion flag raises it, reading byte 8 clears it.
cdb exec 0x0041 --no-wait >/dev/null	# (reads no flag after the trigger)
t_eq 0 "$(($(cpld_get 0x40) & 1))" "completion flag drives IntL (INT_N low)"
emu_read 0 8 1 >/dev/null
t_eq 1 "$(($(cpld_get 0x40) & 1))" "reading byte 8 clears it"

# LPL download, complete, run, commit.
python3 "$mkfw" --version 3.2 --size 3000 "$tmp/fw32"
python3 "$mkfw" --version 4.0 --size 9000 "$tmp/fw40"
python3 "$mkfw" --version 5.0 --size 2000 --corrupt "$tmp/bad"
n0=$(emu_stat 0 cdb_commands)
out=$(cdb download "$tmp/fw32")
t_eq "0x01 26" "$(field status) $(field blocks)" "LPL download of 3.2: 26 blocks, complete succeeds"
t_eq "$((n0 + 28))" "$(emu_stat 0 cdb_commands)" "stats cdb_commands: start + 26 + complete"
t_eq "3.1 3.2" "$(versions)" "after complete: running 3.1, inactive 3.2"
# 5 s: the checks right after the command (two forks) are made long
# before it, however slow the machine
out=$(cdb exec 0x0109 0 0 0x13 0x88)
t_eq 0x01 "$(field status)" "run (inactive image, 5 s delay): success"
t_eq "0x01 ready 3.1" "$(printf '0x%02x' $((0x$(emu_read 0 37 1)))) $(emu_stat 0 state) $(emu_stat 0 fw_running)" \
	"no reset before the delay"
t_ok "module reset into the new image after the delay, ready again" \
	osfp_wait '[ "$(emu_stat 0 fw_running)" = 3.2 ] && [ "$(emu_stat 0 state)" = ready ]' 30000
t_eq "3.2 3.1" "$(versions)" "after run: running 3.2, inactive 3.1"
t_eq "3.2 3.1 3.1" "$(fwstats)" "stats: committed still 3.1"
t_eq "0x01 12 03 3.1.0 3.2.0 74" "$(fwinfo)" "item 12: 0100h after run: B (3.2) running, A (3.1) committed"
out=$(cdb exec 0x010a)
t_eq 0x01 "$(field status)" "commit: success"
t_eq "3.2 3.2 3.1" "$(fwstats)" "stats: committed 3.2"
t_eq "0x01 30 03 3.1.0 3.2.0 74" "$(fwinfo)" "item 12: 0100h after commit: B running and committed"
emu_write 0 26 0x08	# SoftwareReset
t_ok "ready after SoftwareReset" ready
t_eq "3.2 3.1" "$(versions)" "SoftwareReset boots the committed 3.2"

# EPL download, run without commit: a reset reverts.
out=$(cdb download "$tmp/fw40" --epl)
t_eq "0x01 5" "$(field status) $(field blocks)" "EPL download of 4.0: 5 blocks, complete succeeds"
t_eq "3.2 4.0" "$(versions)" "after complete: inactive 4.0"
# (no delay: the module resets at once, status and reply go with it)
t_ok "run 4.0 without delay" cdb exec 0x0109 0 0 0 0 --no-wait
t_ok "ready after run" \
	osfp_wait '[ "$(emu_stat 0 fw_running)" = 4.0 ] && [ "$(emu_stat 0 state)" = ready ]' 30000
t_eq "4.0 3.2" "$(versions)" "running 4.0 (not committed)"
cpld_set 0x20 0xfe
sleep 0.05
t_eq reset "$(emu_stat 0 state)" "RESET_N asserted"
cpld_set 0x20 0xff
t_ok "ready after RESET_N" ready
t_eq "3.2 4.0" "$(versions)" "reset without commit reverts to 3.2"
t_eq "3.2 3.2 4.0" "$(fwstats)" "stats after the revert"
"$emu" unplug 0
"$emu" plug 0
t_ok "ready after replug" ready
t_eq "3.2 4.0" "$(versions)" "replug boots the committed image too"

# A corrupt image fails complete and changes nothing.
out=$(cdb download "$tmp/bad")
t_eq 0x40 "$(field status)" "corrupt image: complete fails with 0x40"
t_eq "3.2 4.0" "$(versions)" "corrupt image: versions unchanged"
out=$(cdb exec 0x0107)
t_eq 0x47 "$(field status)" "complete without download: 0x47"
# Out-of-order block, abort.
cdb exec 0x0101 0 0 0x0b 0xd8 0 0 0 0 $(od -An -tu1 -N32 "$tmp/fw32") >/dev/null
out=$(cdb exec 0x0103 0 0 0 8 1 2 3 4)
t_eq 0x42 "$(field status)" "block at the wrong address: 0x42"
out=$(cdb exec 0x0102)
t_eq 0x01 "$(field status)" "abort: success"
out=$(cdb exec 0x0103 0 0 0 0 1 2 3 4)
t_eq 0x47 "$(field status)" "write block after abort: 0x47"

# Loading the image file resets A/B.
"$emu" load 0 "$dr4"
t_ok "reloaded" ready
t_eq "3.1 3.0" "$(versions)" "image load: back to 3.1 / 3.0"
t_eq "3.1 3.1 3.0" "$(fwstats)" "image load: stats back"

# item 12: 0100h with image B empty (01h:128-129 = 0.0 in the image file)
python3 "$OSFP_DATA/mkimages.py" --derive "$dr4" --set 01:128=0 --set 01:129=0 "$tmp/noB.cmis" >/dev/null
"$emu" load 0 "$tmp/noB.cmis"
t_ok "image without image B: ready" ready
t_eq "0x01 43 01 3.1.0 0.0.0 74" "$(fwinfo)" \
	"item 12: 0100h without image B: B empty (bit 6), only A's version present"
"$emu" load 0 "$dr4"
t_ok "reloaded" ready

# Faults.
"$emu" fault 0 cdb-chkcode
out=$(cdb exec 0x0041)
t_eq 0x45 "$(field status)" "cdb-chkcode: 0x45"
"$emu" fault 0 clear
"$emu" fault 0 cdb-busy
out=$(cdb exec 0x0041 --no-wait)
sleep 0.3
t_eq 0x83 "$(printf '0x%02x' $((0x$(emu_read 0 37 1))))" "cdb-busy: still 0x83 after 300 ms (T_CDBB 80)"
out=$(cdb exec 0x0102 --no-wait)
sleep 0.2
t_eq 0x83 "$(printf '0x%02x' $((0x$(emu_read 0 37 1))))" "cdb-busy: abort stays busy too"
"$emu" fault 0 clear
out=$(cdb exec 0x0041)
t_eq 0x01 "$(field status)" "after the fault: a new command completes"
"$emu" fault 0 cdb-nack
n0=$(emu_stat 0 nacks)
out=$(cdb exec 0x0041)
t_eq 0x01 "$(field status)" "cdb-nack: the command completes in the end"
ms=$(field ms)
if [ "$ms" -ge 200 ] && [ "$(field nacks)" -gt 0 ] && [ "$(emu_stat 0 nacks)" -gt "$n0" ]; then
	t_pass "cdb-nack: NACKs while busy, busy ${ms} ms (> T_CDBB)"
else
	t_fail "cdb-nack: busy $ms ms, $(field nacks) NACKs seen"
fi
"$emu" fault 0 clear
out=$(cdb exec 0x0041)
t_eq "0x01 0" "$(field status) $(field nacks)" "fault cleared: no NACKs"
t_eq none "$(emu_stat 0 faults)" "faults cleared"

t_eq "" "$(cat "$tmp/cdb-died" 2>/dev/null)" "item 1: every cdb-host.py run ended cleanly"
rm -rf "$tmp"
t_done
