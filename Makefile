# cmir: the two quick-start commands (`make demo`, `make test`) and what they stand on.
# Both install missing Debian packages first (apt-get when root, otherwise they print the exact command).

DEBIAN_PACKAGES := pkg-config libopencv-dev libsixel-dev libncursesw5-dev libopenblas-dev libsqlite3-dev
SWIFT_FLAGS := -c release -Xswiftc -enable-testing

.PHONY: deps build demo test bench

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "cmir needs these Debian packages; run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	swift build $(SWIFT_FLAGS)

demo: build
	.build/release/cmir

test: deps
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build

bench: build
	bench/run
