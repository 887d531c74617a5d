# EdgeProf: the README's quick start calls `make run` and `make test`.
SWIFT ?= swift
APT_PACKAGES :=

.PHONY: setup run test bench clean

# Installs the system libraries the build needs (none beyond Swift yet; PAPI/hwloc join with the counters).
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

# The main job on its embedded defaults (no downloads).
run: setup
	$(SWIFT) run -c release edgeprof simulate

# Release mode with testing enabled: the library targets carry no unsafe flags, so a debug build would run the
# simulators unoptimized (-Onone) on the real model sizes the tests replay, and the kernels at -O0.
test: setup
	$(SWIFT) test -c release -Xswiftc -enable-testing

# Benchmarks (nested package, run on demand and by the gate).
bench: setup
	cd Benchmarks && $(SWIFT) package -j 2 benchmark --no-progress < /dev/null

clean:
	rm -rf .build Benchmarks/.build
