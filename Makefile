# cmir: the two quick-start commands (`make demo`, `make test`) and what they stand on.
# Both install missing Debian packages first (apt-get when root, otherwise they print the exact command).

DEBIAN_PACKAGES := pkg-config libopencv-dev libsixel-dev libchafa-dev libglib2.0-dev libncursesw5-dev libopenblas-dev libsqlite3-dev libopenslide-dev libtiff-dev zlib1g-dev libssl-dev libfftw3-dev
# tmux: the tests run the browser inside a real tmux. Tests/fetch-vendor-slides adds real vendor slide files (PyPI).
TEST_PACKAGES := tmux
# slurm-wlm and munge: the Slurm integration test starts a one-node cluster (as root only; skipped otherwise).
SLURM_TEST_PACKAGES := slurm-wlm munge
# bench/run also needs jq, GNU time and matplotlib (for Debian's python3) for its plots.
BENCH_PACKAGES := jq time python3-matplotlib
SWIFT_FLAGS := -c release -Xswiftc -enable-testing
# On x86-64 machines with x86-64-v3's extensions (AVX2, FMA, ...), code for them (LLVM's "haswell"): the network's
# transforms run on 256-bit vectors. CPU=baseline builds code for any x86-64, for a cluster whose nodes lack them
# (cmir checks at start, against the same list: ProcessorCheck.requiredForV3).
V3_FLAGS := sse4_2 popcnt avx avx2 fma bmi1 bmi2 abm movbe f16c
CPU ?= $(shell for f in $(V3_FLAGS); do grep -qw $$f /proc/cpuinfo 2>/dev/null || { echo baseline; exit 0; }; done; echo x86-64-v3)
ifeq ($(CPU),x86-64-v3)
SWIFT_FLAGS += -Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -DCMIR_X86_64_V3
endif

.PHONY: deps test-deps slurm-test-deps bench-deps build demo test bench

# $(call install-missing,PACKAGES[,WHAT]): installs the missing ones with apt-get as root, otherwise prints the
# command and fails; given WHAT (optional packages), it says that WHAT will be skipped instead of failing.
define install-missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  elif [ -n "$(2)" ]; then \
	    echo "$(2) will be skipped (missing:$$missing); to run it: sudo apt-get install -y$$missing"; \
	  else \
	    echo "cmir needs these Debian packages; run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install-missing,$(DEBIAN_PACKAGES))

test-deps:
	$(call install-missing,$(TEST_PACKAGES))
	Tests/fetch-vendor-slides

slurm-test-deps:
	$(call install-missing,$(SLURM_TEST_PACKAGES),the Slurm integration test)

bench-deps:
	$(call install-missing,$(BENCH_PACKAGES))

build: deps
	swift build $(SWIFT_FLAGS)

demo: build
	.build/release/cmir

test: deps test-deps slurm-test-deps
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build

bench: build bench-deps
	bench/run
