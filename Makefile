# EdgeProf: the README's quick start calls `make run` and `make test`.
SWIFT ?= swift
APT_PACKAGES := libpapi-dev libhwloc-dev pkg-config

.PHONY: setup run test bench clean

# Installs the system libraries the build needs: PAPI (counters) and hwloc (host topology), found via pkg-config.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

# The main job on its embedded defaults (no downloads).
run: setup
	$(SWIFT) run -c release edgeprof simulate

test: setup
	$(SWIFT) test

# Benchmarks (nested package, run on demand and by the gate).
bench: setup
	cd Benchmarks && $(SWIFT) package -j 2 benchmark --no-progress < /dev/null

clean:
	rm -rf .build Benchmarks/.build
