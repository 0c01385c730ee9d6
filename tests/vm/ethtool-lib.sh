# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the ethtool VM tests (sourced after testlib.sh): parse what
# Debian 12's ethtool 6.1 prints, and compute from a module image's bytes
# what it must print, with the formulas of its sff-common.h (PRINT_TEMP,
# PRINT_VCC, PRINT_BIAS, PRINT_xX_PWR) and cmis.c.

# etl_hex: the data bytes of an ethtool hex dump on stdin
# ("0x0080:		19 4f ..." lines), as lower-case hex words on one line.
etl_hex() {
	awk '/^0x[0-9a-fA-F]+:/ {
		for (i = 2; i <= NF; i++) out = out (out == "" ? "" : " ") tolower($i)
	} END { print out }'
}

# etl_words WORDS FIRST LAST: words FIRST..LAST (1-based) of WORDS.
etl_words() {
	echo "$1" | cut -d' ' -f"$2-$3"
}

# etl_field FILE LABEL: the value ethtool printed for LABEL
# ("\tLABEL<padding> : VALUE"); LABEL is matched exactly, spaces included.
etl_field() {
	awk -v want="$2" '{
		i = index($0, " : ")
		if (!i) next
		l = substr($0, 1, i - 1)
		sub(/^[ \t]+/, "", l)
		sub(/[ \t]+$/, "", l)
		if (l == want) { print substr($0, i + 3); exit }
	}' "$1"
}

# etl_load ARRAY FILE SECTION: ARRAY (a bash array name) gets the 128 bytes
# of SECTION of image FILE, in decimal; index = offset within the half.
etl_load() {
	local -n _etl_l=$1
	local w

	_etl_l=()
	for w in $(cmis_page "$2" "$3"); do
		_etl_l+=($((16#$w)))
	done
	[ "${#_etl_l[@]}" = 128 ]
}

# etl_byte ARRAY OFFSET: one byte; OFFSET is absolute (0-127 or 128-255).
etl_byte() {
	local -n _etl_b=$1
	local o=$2

	[ "$o" -ge 128 ] && o=$((o - 128))
	echo "${_etl_b[o]}"
}

# etl_u16 ARRAY OFFSET: big-endian unsigned 16-bit value at OFFSET.
etl_u16() {
	local -n _etl_w=$1
	local o=$2

	[ "$o" -ge 128 ] && o=$((o - 128))
	echo $((_etl_w[o] * 256 + _etl_w[o + 1]))
}

# etl_s16 ARRAY OFFSET: big-endian signed 16-bit value at OFFSET.
etl_s16() {
	local v

	v=$(etl_u16 "$1" "$2")
	[ "$v" -ge 32768 ] && v=$((v - 65536))
	echo "$v"
}

# etl_ascii ARRAY FIRST LAST: a vendor string as ethtool shows it (trailing
# spaces dropped, unprintable bytes as '_').
etl_ascii() {
	local -n _etl_s=$1
	local first=$2 last=$3 s='' i c

	if [ "$first" -ge 128 ]; then
		first=$((first - 128))
		last=$((last - 128))
	fi
	while [ "$last" -ge "$first" ] && [ "${_etl_s[last]}" = 32 ]; do
		last=$((last - 1))
	done
	for ((i = first; i <= last; i++)); do
		c=${_etl_s[i]}
		if [ "$c" -ge 32 ] && [ "$c" -le 126 ]; then
			# shellcheck disable=SC2059
			s+=$(printf "\\$(printf '%03o' "$c")")
		else
			s+=_
		fi
	done
	printf '%s\n' "$s"
}

# Units as ethtool 6.1 prints them, from raw CMIS values:
# temperature 1/256 degC (signed), Vcc 100 uV, bias 2 uA, power 0.1 uW.
etl_fmt_temp() {
	awk -v r="$1" 'BEGIN { printf "%.2f degrees C / %.2f degrees F\n", r / 256., r / 256. * 1.8 + 32. }'
}

etl_fmt_vcc() {
	awk -v r="$1" 'BEGIN { printf "%.4f V\n", r / 10000. }'
}

etl_fmt_bias() {
	awk -v r="$1" 'BEGIN { printf "%.3f mA\n", r / 500. }'
}

etl_fmt_power() {
	awk -v r="$1" 'BEGIN {
		mw = r / 10000.
		if (r == 0)
			printf "%.4f mW / -inf dBm\n", mw
		else
			printf "%.4f mW / %.2f dBm\n", mw, 10. * log(mw) / log(10.)
	}'
}

# etl_mask_lower WORDS: lower memory hex words with "--" for the bytes a
# live module (or the driver) changes, so that they compare with an image:
# 3 (module state, IntL), 4-13 (flag summaries and latched flags: the driver
# owns them), 26 (module controls: the power policy), 31 (masks of byte 8:
# the driver masks the CDB completion flags of a CDB module, t-fw checks
# it), 126-127 (bank and page select: whatever the last access selected).
etl_mask_lower() {
	echo "$1" | awk '{
		for (i = 1; i <= NF; i++) {
			b = i - 1
			if ((b >= 3 && b <= 13) || b == 26 || b == 31 || b >= 126)
				$i = "--"
		}
		print
	}'
}

# etl_image_legacy FILE: what "ethtool -m DEV hex on" must show for image
# FILE through the legacy ioctl: lower memory (masked), then pages 00h, 01h
# and 02h (paged memory; 00h only for flat memory), as hex words.
etl_image_legacy() {
	local out

	out="$(etl_mask_lower "$(cmis_page "$1" lower)") $(cmis_page "$1" 'page 00')"
	if [ -n "$(cmis_page "$1" 'page 01')" ]; then
		out="$out $(cmis_page "$1" 'page 01') $(cmis_page "$1" 'page 02')"
	fi
	echo "$out"
}

# etl_mask_legacy WORDS: a legacy dump with its lower memory masked.
etl_mask_legacy() {
	local n

	n=$(echo "$1" | wc -w)
	if [ "$n" -le 128 ]; then
		etl_mask_lower "$1"
	else
		echo "$(etl_mask_lower "$(etl_words "$1" 1 128)") $(etl_words "$1" 129 "$n")"
	fi
}

# etl_show_module DEV KEY: one line of "ethtool --show-module DEV"
# (power-mode-policy, power-mode), empty when not shown.
etl_show_module() {
	timeout 10 ethtool --show-module "$1" 2>/dev/null | awk -v k="$2:" '$1 == k { print $2 }'
}

# etl_emu_state CAGE: the emulated module's state (absent, lowpwr, ready, ...).
etl_emu_state() {
	emu_stat "$1" state
}

# etl_power CAGE MODE STATE: whether ethtool reports power-mode MODE for
# osfpCAGE and the emulated module is in STATE (for osfp_wait).
etl_power() {
	[ "$(etl_show_module "osfp$1" power-mode)" = "$2" ] && [ "$(etl_emu_state "$1")" = "$3" ]
}

# etl_expect_power WHAT CAGE MODE STATE: assert that within 5 s ethtool
# reports power-mode MODE and the emulated module is in STATE; on failure
# say what ethtool, the emulator and the driver (sysfs module_state, last
# kernel message of the cage) show instead.
etl_expect_power() {
	if osfp_wait "etl_power $2 $3 $4" 5000; then
		t_pass "$1"
	else
		t_fail "$1 (ethtool power-mode '$(etl_show_module "osfp$2" power-mode)', emulator '$(etl_emu_state "$2")', driver '$(cat "/sys/class/osfp/osfp$2/module_state" 2>/dev/null)', last: '$(dmesg | grep "osfp$2: " | tail -n1 | sed 's/^\[[^]]*\] //')')"
	fi
}
