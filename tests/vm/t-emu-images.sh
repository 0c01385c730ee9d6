#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# osfp-vm: --no-driver
# osfp-vm-time: 5
#
# Module images: every shipped image loads; bad ones are rejected with their
# line number and change nothing.

. "$OSFP_TOP/tests/vm/testlib.sh"

emu=$OSFP_TOP/tools/osfp-emu
for f in "$OSFP_DATA"/*.cmis; do
	t_ok "$(basename "$f") loads" "$emu" load 1 "$f"
done

sr4=$OSFP_DATA/osfp-400g-sr4.cmis
before=$(emu_read 0 0 8)
bad=$(mktemp)

# A page one byte short.
awk '/^page 01/ { inpage = 1 } inpage && /^[0-9a-fA-F]+:/ && !done { sub(/ [0-9a-fA-F][0-9a-fA-F]$/, ""); done = 1 } { print }' "$sr4" >"$bad"
err=$("$emu" load 0 "$bad" 2>&1)
t_eq 1 "$?" "image with a short page rejected"
case $err in *line*) t_pass "error names a line: $err" ;; *) t_fail "error names no line: $err" ;; esac

# A bad token on a known line.
{ echo "# bad token"; echo "lower"; for i in $(seq 1 7); do echo "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"; done
  echo "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 zz"; } >"$bad"
err=$("$emu" load 0 "$bad" 2>&1)
t_eq 1 "$?" "image with a non-hex token rejected"
case $err in *"line 10"*) t_pass "error points at line 10" ;; *) t_fail "error should point at line 10: $err" ;; esac

# No lower memory at all.
printf 'page 00\n' >"$bad"
t_fails "image without lower memory rejected" "$emu" load 0 "$bad"
: >"$bad"
t_fails "empty image rejected" "$emu" load 0 "$bad"

t_eq "$before" "$(emu_read 0 0 8)" "module unchanged after rejected images"
t_eq 1 "$(emu_stat 0 plugged)" "module still plugged"
rm -f "$bad"
t_done
