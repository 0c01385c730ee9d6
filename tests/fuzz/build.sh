#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Usage: build.sh OUTDIR
#
# Build the libFuzzer target OUTDIR/fuzz_cmis from this tree's
# drivers/net/osfp/cmis.c and tests/fuzz/fuzz_cmis.c, with clang's fuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (any UB aborts), and the
# user-space stand-ins for the few kernel headers cmis.c includes.
# CC (default clang) and EXTRA_CFLAGS may be set.

set -eu

out=${1:?usage: $0 OUTDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-clang}

mkdir -p "$out"
# shellcheck disable=SC2086
$CC -g -O1 -std=gnu11 -Wall -Wextra -Wno-sign-compare -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer \
	-I "$top/tests/fuzz/include" -I "$top/drivers/net/osfp" \
	${EXTRA_CFLAGS:-} \
	"$top/drivers/net/osfp/cmis.c" "$top/tests/fuzz/fuzz_cmis.c" \
	-o "$out/fuzz_cmis"
