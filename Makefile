# EdgeProf: the README's quick start calls `make run` and `make test`.
SWIFT ?= swift
APT_PACKAGES :=

.PHONY: setup run test bench baseline gate clean

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

test: setup
	$(SWIFT) test

# Benchmarks (nested package, run on demand and by the gate).
bench: setup
	cd Benchmarks && $(SWIFT) package -j 2 benchmark --no-progress < /dev/null

# Regenerates the committed baseline of the default suite's simulated figures. Run it, and commit
# Benchmarks/baseline.json, in the same commit as a change that moves simulated results on purpose.
baseline: setup
	$(SWIFT) run edgeprof bench --suite Benchmarks/suite.json --mode deterministic --output Benchmarks/baseline.json

# The CI gate: the default suite's simulated figures against Benchmarks/baseline.json (exit 1 on a regression).
gate: setup
	$(SWIFT) run edgeprof bench --suite Benchmarks/suite.json --mode deterministic --output .build/bench-current.json
	$(SWIFT) run edgeprof gate --baseline Benchmarks/baseline.json --current .build/bench-current.json

clean:
	rm -rf .build Benchmarks/.build
