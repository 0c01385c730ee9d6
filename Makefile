# SPDX-License-Identifier: GPL-2.0
#
# osfp: top-level Makefile.
#   make            build osfp.ko and osfp_emu.ko against KDIR (W=1)
#   make run        the demo in a VM (installs what it needs)
#   make check      every test and gate, ends with "N passed, N failed"
# See README.md for the other targets.

# The running kernel's build directory, else the newest installed Debian
# headers, else the newest kernel fetched by tools/osfp-setup.
KDIR ?= $(firstword \
	$(wildcard /lib/modules/$(shell uname -r)/build/Makefile) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64/Makefile))) \
	$(lastword $(sort $(wildcard $(HOME)/.cache/osfp/kernels/*/kdir/Makefile))))
KDIR := $(patsubst %/Makefile,%,$(KDIR))
KERNELS ?= 6.1 6.12

.PHONY: all modules clean setup run check vmtest kunit fuzz bench dkms-check docs-check help

all modules:
	@test -n "$(KDIR)" || { echo "no kernel headers found: set KDIR or run 'tools/osfp-setup'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

clean:
	@test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean

setup:
	tools/osfp-setup $(KERNELS)

run: setup
	tools/osfp-vm

check: setup
	tests/run-all

vmtest: setup
	tests/run-vm $(KERNELS)

# Add, build, install and remove the DKMS package against both kernels
dkms-check: setup
	tools/dkms-check $(KERNELS)

# Bindings, samples and rst (also part of make check)
docs-check:
	tools/check-docs

# KUnit of the CMIS decoder on UML, from Debian's kernel source (KVER=6.12,
# another linux-source version, or unstable)
KVER ?= 6.12
kunit:
	tools/kunit.sh $(KVER)

# libFuzzer (ASan, UBSan) on a user-space build of the decoder
FUZZ_SECONDS ?= 60
fuzz:
	tools/fuzz.sh $(FUZZ_SECONDS)

# Bus efficiency, latency and scale figures, in the VM on the 6.12 kernel;
# the table also goes to BENCH_OUT (markdown, as the README shows it)
BENCH_OUT ?= $(HOME)/.cache/osfp/bench.md
bench: setup
	@mkdir -p '$(dir $(BENCH_OUT))'
	tools/osfp-vm --kernel 6.12 -- tests/bench/run >'$(BENCH_OUT).log'; rc=$$?; \
	cat '$(BENCH_OUT).log'; grep '^|' '$(BENCH_OUT).log' >'$(BENCH_OUT)'; \
	echo "bench: table written to $(BENCH_OUT)"; exit $$rc

help:
	@sed -n '3,7p' Makefile
