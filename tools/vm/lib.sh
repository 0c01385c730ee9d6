# SPDX-License-Identifier: GPL-2.0
#
# Helpers for scripts running inside the osfp test VM (sourced).

OSFP_TOP=${OSFP_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
OSFP_EMU=$OSFP_TOP/tools/osfp-emu
OSFP_DATA=$OSFP_TOP/tests/data

# osfp_default_image CAGE: the image the rig plugs into CAGE by default.
osfp_default_image() {
	if [ "$1" = 1 ]; then
		echo "$OSFP_DATA/osfp-800g-2x400g-dr4.cmis"
	else
		echo "$OSFP_DATA/osfp-400g-sr4.cmis"
	fi
}

# osfp_wait COND_CMD [TIMEOUT_MS]: poll until COND_CMD succeeds; fails
# when it has not after TIMEOUT_MS. The bound is a guard against a hang,
# never a check of speed: it is at least OSFP_WAIT_MIN_MS (default 30 s),
# so that a slow or loaded machine waits longer instead of failing.
osfp_wait() {
	local cond=$1 ms=${2:-0} end
	[ "$ms" -ge "${OSFP_WAIT_MIN_MS:-30000}" ] || ms=${OSFP_WAIT_MIN_MS:-30000}
	end=$(($(date +%s%N) / 1000000 + ms))
	while ! eval "$cond" >/dev/null 2>&1; do
		[ "$(($(date +%s%N) / 1000000))" -ge "$end" ] && return 1
		sleep 0.02
	done
	return 0
}

# osfp_settle: wait until every plugged cage has been identified and its
# module has ended its power-up (module_state ready, low-power when over
# the power budget, or fault); without the driver, until every plugged
# emulated module has ended its power-up sequence (Ready, or ModuleLowPwr
# with LPMODE asserted). A test then finds no state change still to come,
# however slow the machine (a fault injected while the driver still polled
# a module powering up made the cage fail).
osfp_settle() {
	local c n=${OSFP_CAGES:-2} d s
	if [ "${OSFP_DRIVER:-1}" != 1 ]; then
		for ((c = 0; c < n; c++)); do
			s=/sys/kernel/osfp_emu/port$c/stats
			grep -q '^plugged 1' "$s" 2>/dev/null || continue
			osfp_wait "grep -qxE 'state (ready|lowpwr)' $s" 30000 || return 1
		done
		return 0
	fi
	for ((c = 0; c < n; c++)); do
		d=/sys/class/osfp/osfp$c
		osfp_wait "[ -e $d/present ]" 5000 || return 1
		if grep -q '^plugged 1' "/sys/kernel/osfp_emu/port$c/stats" 2>/dev/null; then
			osfp_wait "cat $d/identifier" 5000 || return 1
			osfp_wait "grep -qxE 'ready|low-power|fault' $d/module_state" 30000 ||
				return 1
		fi
	done
}

# osfp_vm_start: load the driver and the emulator, plug the default images.
osfp_vm_start() {
	local c img spec skip
	modprobe i2c-dev 2>/dev/null
	if [ "${OSFP_DRIVER:-1}" = 1 ]; then
		insmod "$OSFP_BUILD/osfp.ko" || return 1
	fi
	insmod "$OSFP_BUILD/osfp_emu.ko" cages="$OSFP_CAGES" || return 1
	for ((c = 0; c < OSFP_CAGES; c++)); do
		img=$(osfp_default_image "$c")
		for spec in "${OSFP_IMAGES[@]}"; do
			[ "${spec%%=*}" = "$c" ] && img=${spec#*=}
		done
		skip=0
		for spec in "${OSFP_EMPTY[@]}"; do
			[ "$spec" = "$c" ] && skip=1
		done
		[ "$skip" = 1 ] && continue
		"$OSFP_EMU" load "$c" "$img" || return 1
		"$OSFP_EMU" plug "$c" || return 1
	done
	osfp_settle
}

# osfp_vm_stop: unload the emulator and the driver.
osfp_vm_stop() {
	rmmod osfp_emu 2>/dev/null
	rmmod osfp 2>/dev/null
	! grep -qE '^osfp(_emu)? ' /proc/modules
}

# osfp_vm_restart: a fresh driver and emulator with the default images.
osfp_vm_restart() {
	osfp_vm_stop && osfp_vm_start
}
