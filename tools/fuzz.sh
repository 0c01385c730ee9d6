#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Usage: fuzz.sh [SECONDS]   (make fuzz runs it with the default)
#        fuzz.sh --packages-only   install what it needs, and stop
#
# Fuzz the pure CMIS decoder (drivers/net/osfp/cmis.c) in user space with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer for SECONDS
# (default 60). Everything goes under ${OSFP_CACHE:-$HOME/.cache/osfp}/fuzz:
#   build/fuzz_cmis   the target (tests/fuzz/build.sh)
#   seeds/            one input per tests/data/*.cmis image (rebuilt each run)
#   corpus/           inputs libFuzzer found interesting (kept across runs)
#   crashes/          reproducers of any crash, leak or check failure
# Exit status: 0 when no crash was found, non-zero otherwise. Reproduce a
# crash with: ~/.cache/osfp/fuzz/build/fuzz_cmis ~/.cache/osfp/fuzz/crashes/<file>
#
# Environment: OSFP_CACHE (cache root).

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${OSFP_CACHE:-$HOME/.cache/osfp}/fuzz
SECS=${1:-60}
packages_only=0
[ "$SECS" = --packages-only ] && { packages_only=1; SECS=0; }
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

log() { printf 'fuzz.sh: %s\n' "$*" >&2; }

case $SECS in
''|*[!0-9]*) log "usage: $0 [SECONDS]"; exit 2 ;;
esac

# clang with the libFuzzer and sanitizer runtimes (libclang-rt-*-dev on
# Debian 12, pulled in by clang), python3 for the seed conversion.
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	$SUDO apt-get install -y --no-install-recommends "${missing[@]}" ||
		{ $SUDO apt-get update &&
		  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
     clang -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
	ver=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
	log "installing libclang-rt-$ver-dev (libFuzzer runtime)"
	$SUDO apt-get install -y --no-install-recommends "libclang-rt-$ver-dev"
fi
[ "$packages_only" = 1 ] && exit 0

mkdir -p "$CACHE/corpus" "$CACHE/crashes"
log "building $CACHE/build/fuzz_cmis"
"$REPO/tests/fuzz/build.sh" "$CACHE/build"

rm -rf "$CACHE/seeds"
shopt -s nullglob
images=("$REPO"/tests/data/*.cmis)
shopt -u nullglob
if [ ${#images[@]} -gt 0 ]; then
	python3 "$REPO/tests/fuzz/cmis_img.py" seed "$CACHE/seeds" "${images[@]}"
else
	mkdir -p "$CACHE/seeds"
fi
log "seeds: ${#images[@]} images; corpus: $(find "$CACHE/corpus" -type f | wc -l) inputs"

log "fuzzing for $SECS s"
set +e
"$CACHE/build/fuzz_cmis" -max_total_time="$SECS" -print_final_stats=1 \
	-artifact_prefix="$CACHE/crashes/" -timeout=10 \
	"$CACHE/corpus" "$CACHE/seeds" 2>&1 | tee "$CACHE/last.log" |
	grep -v -e '^#[0-9]' -e '^INFO:' -e '^"' -e 'Uses:'
rc=${PIPESTATUS[0]}
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$CACHE/last.log")
if [ "$rc" -eq 0 ]; then
	log "no crash: ${runs:-?} inputs in $SECS s (log $CACHE/last.log)"
else
	log "FAILED (exit $rc): reproducers in $CACHE/crashes/, log $CACHE/last.log"
fi
exit "$rc"
