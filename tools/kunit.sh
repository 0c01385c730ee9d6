#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Usage: kunit.sh [KVER]   (make kunit runs it with the default)
#
# Run the driver's KUnit suites on UML, in Debian's kernel source: the CMIS
# decoder's table-driven tests, and the stress suite (stress_test.c) that
# runs the driver and the board emulator, both built in, under lockdep,
# KASAN, DEBUG_ATOMIC_SLEEP and kmemleak (see drivers/net/osfp/.kunitconfig).
#
#   KVER   6.12 (default), another linux-source-X.Y version, or "unstable"
#          (also "sid"): the newest linux-source-X.Y in Debian unstable.
#
# The source comes from `apt-get download linux-source-KVER` (from the
# machine's apt sources, else from Debian unstable through a private apt
# configuration under the cache: the machine's apt sources are never
# touched) and is unpacked once into
#   ${OSFP_CACHE:-$HOME/.cache/osfp}/kunit/<X.Y>/linux
# with the build in .../kunit/<X.Y>/build. The script stages the driver,
# the emulator and their tests (drivers/net/osfp/*.[ch], Kconfig,
# .kunitconfig, include/linux/osfp.h), a Makefile, cmis_test_images.h
# (generated from tests/data/*.cmis) and the stress suite's firmware files
# (drivers/net/osfp/firmware/, written by tests/data/mkfw.py) into that
# tree, hooks drivers/net/osfp into drivers/net/{Makefile,Kconfig} (once),
# copies only what changed, and runs
#   tools/testing/kunit/kunit.py run --kunitconfig=drivers/net/osfp
# whose exit status it returns. A warm run rebuilds only what changed. The
# stress suite's summary ("osfp_stress: cycles ...") is repeated at the end
# from the kernel log, as a line starting with "kunit.sh: osfp_stress:".
#
# Environment: OSFP_CACHE (cache root), OSFP_JOBS (make jobs, default 2),
# OSFP_KUNIT_REFRESH=1 (download and unpack the source again).

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${OSFP_CACHE:-$HOME/.cache/osfp}
JOBS=${OSFP_JOBS:-2}
KVER=${1:-6.12}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

log() { printf 'kunit.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# --- packages the UML build needs --------------------------------------
need_pkgs() {
	local missing=() cmd pkg
	for cmd in gcc:gcc make:make flex:flex bison:bison bc:bc \
		   python3:python3 xz:xz-utils perl:perl dpkg-deb:dpkg \
		   apt-get:apt; do
		pkg=${cmd#*:}
		cmd=${cmd%%:*}
		command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	$SUDO apt-get install -y --no-install-recommends "${missing[@]}" ||
		{ $SUDO apt-get update &&
		  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }
}

# --- private apt configuration for Debian unstable ----------------------
UNSTABLE=$CACHE/apt-unstable
UAPT=(-o "Dir::Etc::SourceList=$UNSTABLE/sources.list"
      -o "Dir::Etc::SourceParts=-"
      -o "Dir::State::Lists=$UNSTABLE/lists"
      -o "Dir::Cache=$UNSTABLE/cache"
      -o "APT::Get::List-Cleanup=0")

unstable_update() {
	mkdir -p "$UNSTABLE/lists/partial" "$UNSTABLE/cache/archives/partial"
	cat >"$UNSTABLE/sources.list" <<-EOF
	deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian unstable main
	EOF
	# Refresh at most once a day: a warm run must stay fast.
	local fresh
	fresh=$(find "$UNSTABLE/lists" -maxdepth 1 -name '*_Packages*' \
		-mmin -1440 2>/dev/null)
	if [ -z "$fresh" ]; then
		log "updating the Debian unstable package lists (private apt config)"
		apt-get "${UAPT[@]}" -q update >&2
	fi
}

# Newest X.Y of linux-source-X.Y in unstable.
unstable_newest() {
	apt-cache "${UAPT[@]}" search --names-only '^linux-source-[0-9]+\.[0-9]+$' |
		sed -n 's/^linux-source-\([0-9.]*\) .*/\1/p' | sort -V | tail -n 1
}

# --- resolve KVER into a series and the apt options to fetch it ---------
APT=()
case $KVER in
unstable|sid)
	unstable_update
	SERIES=$(unstable_newest)
	[ -n "$SERIES" ] || die "no linux-source-X.Y in Debian unstable"
	APT=("${UAPT[@]}")
	;;
[0-9]*.[0-9]*)
	SERIES=$KVER
	;;
*)
	die "usage: $0 [X.Y | unstable]"
	;;
esac

WORK=$CACHE/kunit/$SERIES
SRC=$WORK/linux
BUILD=$WORK/build
mkdir -p "$WORK"

fetch_source() {
	local deb tarball tmp
	need_pkgs
	rm -rf "$WORK/debs"
	mkdir -p "$WORK/debs"
	if [ ${#APT[@]} -eq 0 ]; then
		if ! apt-cache show "linux-source-$SERIES" >/dev/null 2>&1; then
			$SUDO apt-get update >&2 || true
		fi
		if ! apt-cache show "linux-source-$SERIES" >/dev/null 2>&1; then
			log "linux-source-$SERIES not in the machine's apt" \
			    "sources: trying Debian unstable"
			unstable_update
			APT=("${UAPT[@]}")
		fi
	fi
	log "downloading linux-source-$SERIES"
	# apt-get download drops privileges to _apt where it can; the cache
	# directory may not be reachable for it, which apt only warns about.
	(cd "$WORK/debs" && apt-get "${APT[@]}" download "linux-source-$SERIES" >&2)
	deb=$(ls "$WORK"/debs/linux-source-"$SERIES"_*.deb)
	tarball=./usr/src/linux-source-$SERIES.tar.xz
	log "unpacking $(basename "$deb")"
	tmp=$WORK/unpack.tmp
	rm -rf "$tmp" "$SRC" "$BUILD"
	mkdir -p "$tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "$tarball" | tar -xJ -C "$tmp"
	mv "$tmp/linux-source-$SERIES" "$SRC"
	rmdir "$tmp"
	basename "$deb" >"$WORK/source.deb"
}

if [ "${OSFP_KUNIT_REFRESH:-0}" = 1 ] || [ ! -f "$WORK/source.deb" ] ||
   [ ! -x "$SRC/tools/testing/kunit/kunit.py" ]; then
	fetch_source
else
	need_pkgs
fi
log "kernel source: $(cat "$WORK/source.deb") in $SRC"

# --- stage the driver ----------------------------------------------------
DST=$SRC/drivers/net/osfp
mkdir -p "$DST"
rm -f "$DST/Kbuild"

# install FILE DEST: copy only when the content differs (keeps mtimes).
install_if_changed() {
	if ! cmp -s "$1" "$2"; then
		cp "$1" "$2"
		log "staged $(basename "$2")"
	fi
}

# Every source of the directory: the decoder and its test, the driver, the
# emulator and the stress suite; the kernel feature probe osfp_compat.h
# needs, when there is one.
for f in "$REPO"/drivers/net/osfp/*.[ch] "$REPO"/drivers/net/osfp/osfp_compat.sh \
	 "$REPO"/drivers/net/osfp/Kconfig "$REPO"/drivers/net/osfp/.kunitconfig; do
	[ -f "$f" ] && install_if_changed "$f" "$DST/$(basename "$f")"
done
# osfp_core.h includes it as ../../../include/linux/osfp.h
install_if_changed "$REPO/include/linux/osfp.h" "$SRC/include/linux/osfp.h"

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat >"$tmp" <<'EOF'
# Staged by osfp's kunit script (not part of the kernel tree).
#
# The CMIS decoder's KUnit test. With the stress suite the decoder is part
# of the built-in driver, and the test links against that copy.
obj-$(CONFIG_OSFP_CMIS_KUNIT_TEST) += osfp_cmis_kunit.o
ifeq ($(CONFIG_OSFP_STRESS_KUNIT_TEST)$(CONFIG_OSFP_CMIS_KUNIT_TEST),yy)
osfp_cmis_kunit-y := cmis_test.o
else
osfp_cmis_kunit-y := cmis.o cmis_test.o
endif

# The stress suite: osfp.ko and osfp_emu.ko built in, in this order (their
# initcalls run in link order, so the driver registers before the emulator
# creates its board; the suite waits for the cages either way). Their
# objects are those of the driver's Kbuild, below.
obj-$(CONFIG_OSFP_STRESS_KUNIT_TEST) += osfp.o osfp_emu.o osfp_stress_kunit.o
osfp_stress_kunit-y := stress_test.o

# The kernel features osfp_compat.h depends on (see osfp_compat.sh)
osfp-compat-sh := $(srctree)/drivers/net/osfp/osfp_compat.sh
ifneq ($(wildcard $(osfp-compat-sh)),)
ccflags-y += $(shell $(CONFIG_SHELL) $(osfp-compat-sh) $(srctree))
endif
EOF
# The objects of osfp.ko and osfp_emu.ko, from the driver's Kbuild
grep -E '^osfp(_emu)?-y[[:space:]]*[:+]?=' "$REPO/drivers/net/osfp/Kbuild" >>"$tmp" ||
	die "drivers/net/osfp/Kbuild: no osfp-y or osfp_emu-y line"
install_if_changed "$tmp" "$DST/Makefile"

shopt -s nullglob
images=("$REPO"/tests/data/*.cmis)
shopt -u nullglob
if [ ${#images[@]} -gt 0 ]; then
	python3 "$REPO/tests/fuzz/cmis_img.py" header "$DST/cmis_test_images.h" \
		"${images[@]}"
else
	log "no tests/data/*.cmis: the image cases will be skipped"
	rm -f "$DST/cmis_test_images.h"
fi

# The stress suite's firmware files, built into the kernel (the UML kernel
# has no root file system): CONFIG_EXTRA_FIRMWARE in .kunitconfig names
# them, CONFIG_EXTRA_FIRMWARE_DIR is this directory (relative to the tree).
mkdir -p "$DST/firmware"
python3 "$REPO/tests/data/mkfw.py" --version 3.2 --size 16352 "$tmp"
install_if_changed "$tmp" "$DST/firmware/osfp-stress-fw-3.2.bin"
python3 "$REPO/tests/data/mkfw.py" --version 4.0 --size 16352 --corrupt "$tmp"
install_if_changed "$tmp" "$DST/firmware/osfp-stress-fw-4.0-corrupt.bin"

grep -qs 'drivers/net/osfp/Kconfig' "$SRC/drivers/net/Kconfig" ||
	printf '\nsource "drivers/net/osfp/Kconfig"\n' >>"$SRC/drivers/net/Kconfig"
# One hook for every suite, drivers/net/osfp/Makefile decides what to build
# (earlier versions of this script hooked the decoder's symbol alone).
kbuild_line='obj-y += osfp/'
if ! grep -qxF "$kbuild_line" "$SRC/drivers/net/Makefile"; then
	sed -i '/ += osfp\/$/d' "$SRC/drivers/net/Makefile"
	printf '%s\n' "$kbuild_line" >>"$SRC/drivers/net/Makefile"
fi

# --- run ----------------------------------------------------------------
cd "$SRC"
log "running KUnit on UML (jobs $JOBS, build $BUILD)"
# kasan_multi_shot: every KASAN report is printed (and fails the stress
# suite), not only the first one since boot. The stress suite runs for
# about a minute; the timeout leaves room for a loaded machine.
rm -f "$BUILD/test.log"
set +e
./tools/testing/kunit/kunit.py run --kunitconfig=drivers/net/osfp \
	--build_dir="$BUILD" --jobs="$JOBS" --timeout=900 \
	--kernel_args=kasan_multi_shot 2>&1 | tee "$WORK/last.log"
rc=${PIPESTATUS[0]}
set -e
summary=$(grep -o 'Testing complete\..*' "$WORK/last.log" | tail -n 1 |
	  sed 's/\x1b\[[0-9;]*m//g')
# The stress suite's counts (a KUnit diagnostic line of its last case)
grep -hoE '# osfp_stress: (cycles|cages|firmware) .*' "$BUILD/test.log" 2>/dev/null |
	sed 's/^# /kunit.sh: /' >&2 || true
log "linux-source-$SERIES: ${summary:-no KTAP summary} (exit $rc)"
exit "$rc"
