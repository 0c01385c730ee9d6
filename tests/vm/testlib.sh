# SPDX-License-Identifier: GPL-2.0
#
# Assertions for the osfp VM tests (sourced). Every assertion prints one
# line, "ok - TEST: what" or "not ok - TEST: what (why)"; the runner counts
# them. A test script exits non-zero if any assertion failed.

. "${OSFP_TOP:?}/tools/vm/lib.sh"

T_NAME=${T_NAME:-$(basename "$0" .sh)}
T_FAILED=0

t_pass() { echo "ok - $T_NAME: $*"; }
t_fail() { echo "not ok - $T_NAME: $*"; T_FAILED=1; }

# t_eq EXPECTED ACTUAL WHAT
t_eq() {
	if [ "$1" = "$2" ]; then
		t_pass "$3"
	else
		t_fail "$3 (expected '$1', got '$2')"
	fi
}

# t_ok WHAT COMMAND...: COMMAND must succeed.
t_ok() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then t_pass "$what"; else t_fail "$what (failed: $*)"; fi
}

# t_fails WHAT COMMAND...: COMMAND must fail.
t_fails() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then t_fail "$what (succeeded: $*)"; else t_pass "$what"; fi
}

t_done() { exit "$T_FAILED"; }

# cmis_page FILE SECTION: the 128 bytes of SECTION ("lower", "page 11",
# "page 11 bank 1") of a .cmis image, as lower-case hex words, one line.
cmis_page() {
	awk -v want="$2" '
	function norm(p,  v, i) {
		p = tolower(p); sub(/^0x/, "", p); v = 0
		for (i = 1; i <= length(p); i++) v = v * 16 + index("0123456789abcdef", substr(p, i, 1)) - 1
		return sprintf("%02x", v)
	}
	BEGIN { n = split(want, w, " "); key = (w[1] == "lower") ? "lower" : "page " norm(w[2]) " bank " (n >= 4 ? w[4] : 0) }
	{ sub(/#.*/, "") }
	$1 == "lower" { cur = "lower"; next }
	$1 == "page" { cur = "page " norm($2) " bank " ($3 == "bank" ? $4 : 0); next }
	cur == key { for (i = 1; i <= NF; i++) if ($i !~ /:$/) out = out (out == "" ? "" : " ") tolower($i) }
	END { print out }' "$1"
}

# cmis_byte FILE SECTION OFFSET: one byte (OFFSET 0-127 in lower, 128-255 in
# a page) as a decimal number.
cmis_byte() {
	local off=$3
	[ "$off" -ge 128 ] && off=$((off - 128))
	set -- $(cmis_page "$1" "$2")
	shift "$off"
	echo $((0x$1))
}

# emu_adapter NAME: the i2c bus number of the emulator's adapter NAME.
emu_adapter() {
	local d
	for d in /sys/bus/i2c/devices/i2c-*; do
		if [ "$(cat "$d/name")" = "$1" ]; then
			echo "${d##*-}"
			return 0
		fi
	done
	return 1
}

# emu_bus CAGE: the i2c bus number of an emulated cage's management bus.
emu_bus() { emu_adapter "osfp-emu port $1"; }

# emu_board_bus: the i2c bus number of the board bus (the CPLD at 0x60).
emu_board_bus() { emu_adapter "osfp-emu board"; }

# cpld_get REG, cpld_set REG VALUE: a CPLD register, over the board bus.
# Set EMU_BOARD_BUS=$(emu_board_bus) once: a lookup made inside $(...)
# would not be kept.
cpld_get() {
	: "${EMU_BOARD_BUS:=$(emu_board_bus)}"
	i2cget -y -f "$EMU_BOARD_BUS" 0x60 "$1" 2>/dev/null
}
cpld_set() {
	: "${EMU_BOARD_BUS:=$(emu_board_bus)}"
	i2cset -y -f "$EMU_BOARD_BUS" 0x60 "$1" "$2"
}

# emu_read CAGE OFFSET LEN: read LEN bytes at OFFSET through i2c-dev, as
# lower-case hex words.
emu_read() {
	i2ctransfer -y -f "$(emu_bus "$1")" w1@0x50 "$2" "r$3" 2>/dev/null |
		tr 'A-F' 'a-f' | sed 's/0x//g'
}

# emu_write CAGE OFFSET BYTE...: one write transaction.
emu_write() {
	local cage=$1 off=$2
	shift 2
	i2ctransfer -y -f "$(emu_bus "$cage")" "w$(($# + 1))@0x50" "$off" "$@"
}

# emu_stat CAGE KEY: one counter of the emulator's stats.
emu_stat() {
	awk -v k="$2" '$1 == k { print $2 }' "/sys/kernel/osfp_emu/port$1/stats"
}
