# EdgeProf: the README's quick start calls `make run` and `make test`.
SWIFT ?= swift
SHELL := /bin/bash
APT_PACKAGES := libpapi-dev libhwloc-dev pkg-config
# The test build: release mode with testing enabled, compiled once by `swift build --build-tests` (tests and the
# edgeprof binary together); `swift test --skip-build`, the gate and the baseline then run what it built. (`swift run`
# with the same flags compiled every module again: SwiftPM adds its own -enable-testing to a test build, so each
# compile command there has it twice and in a plain build once; llbuild reruns every command whose line changed.)
TEST_BUILD := -c release -Xswiftc -enable-testing
EDGEPROF := .build/release/edgeprof

.PHONY: setup run test-build test test-v3 check-aarch64 bench baseline gate clean fuzz fuzz-smoke fuzz-build test-asan test-tsan

# Installs the system libraries the build needs: PAPI (counters) and hwloc (host topology), found via pkg-config.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

# The main job on its embedded defaults (no downloads): the profile table on the terminal, the HTML report in .build/.
run: setup
	$(SWIFT) build -c release --product edgeprof
	@mkdir -p .build/reports
	.build/release/edgeprof profile --save .build/reports/profile.html

# Release mode with testing enabled: the library targets carry no unsafe flags, so a debug build would run the
# simulators unoptimized (-Onone) on the real model sizes the tests replay, and the kernels at -O0.
test: test-build
	$(SWIFT) test --skip-build $(TEST_BUILD)

# The test build (nothing to do when it is up to date).
test-build: setup
	$(SWIFT) build --build-tests $(TEST_BUILD)

# The suite built for x86-64-v3 (AVX2 + FMA + F16C, no AVX-512) in its own scratch path, run on the AVX2 kernels
# (EDGEPROF_KERNELS=avx2), so the fallback paths are shown to build and pass as real code paths. A full rebuild.
# swiftc has no x86-64-v3 CPU name: haswell is the same feature level.
test-v3: setup
	EDGEPROF_KERNELS=avx2 $(SWIFT) test $(TEST_BUILD) -Xcc -march=x86-64-v3 -Xswiftc -target-cpu -Xswiftc haswell \
		--scratch-path .build-v3

# The C kernels compile for arm64 Linux (object files only, with the cross headers of libc6-dev-arm64-cross, installed
# here when missing: only this check needs them).
check-aarch64:
	@dpkg -s libc6-dev-arm64-cross >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
		apt-get install -y -qq libc6-dev-arm64-cross; else sudo apt-get update -qq && \
		sudo apt-get install -y -qq libc6-dev-arm64-cross; fi; }
	@mkdir -p .build/aarch64
	for f in Sources/EdgeKernels/*.c; do clang --target=aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include \
		-ISources/EdgeKernels/include -O2 -Wall -Wextra -Werror -c $$f -o .build/aarch64/$$(basename $$f .c).o || exit 1; done

# Benchmarks (nested package, run on demand and by the gate).
bench: setup
	cd Benchmarks && $(SWIFT) package -j 2 benchmark --no-progress < /dev/null

# Regenerates the committed baseline of the default suite's simulated figures. Run it, and commit
# Benchmarks/baseline.json, in the same commit as a change that moves simulated results on purpose.
baseline: test-build
	$(EDGEPROF) bench --suite Benchmarks/suite.json --mode deterministic --output Benchmarks/baseline.json

# The CI gate: the default suite's simulated figures against Benchmarks/baseline.json (exit 1 on a regression).
gate: test-build
	$(EDGEPROF) bench --suite Benchmarks/suite.json --mode deterministic --output .build/bench-current.json
	$(EDGEPROF) gate --baseline Benchmarks/baseline.json --current .build/bench-current.json

# The test suite under AddressSanitizer and ThreadSanitizer, each in its own scratch path (so they do not clobber
# .build), built like `make test` (release keeps Swift's overflow traps; only -Ounchecked drops them).
# detect_leaks=0: XCTest itself leaks (swift-ecosystem.md §5); the fuzz targets run LeakSanitizer instead.
test-asan: setup
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test $(TEST_BUILD) --sanitize=address -Xswiftc -use-ld=lld --scratch-path .build-asan 2>&1 \
		| grep --line-buffered -v "Cannot export local symbol"; test $${PIPESTATUS[0]} -eq 0

test-tsan: setup
	TSAN_OPTIONS=halt_on_error=0 $(SWIFT) test $(TEST_BUILD) --sanitize=thread -Xswiftc -use-ld=lld --scratch-path .build-tsan 2>&1 \
		| grep --line-buffered -v "Cannot export local symbol"; test $${PIPESTATUS[0]} -eq 0

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer; release, whose -O keeps Swift's overflow traps): one EdgeFuzz
# binary, one target per parser (gold crashes linking it, hence lld); seeds in Fuzz/corpus/<target>, new inputs and
# crashes in .fuzz-work/.
FUZZ_TARGETS := gguf safetensors-header safetensors-index hf-config profile trace precision tokens
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 2000
FUZZ_BIN := .build-fuzz/release/EdgeFuzz
FUZZ_RUN = mkdir -p .fuzz-work/$$t && SWIFT_BACKTRACE=enable=no $(FUZZ_BIN) $$t .fuzz-work/$$t Fuzz/corpus/$$t \
	-timeout=10 -rss_limit_mb=4096 -artifact_prefix=.fuzz-work/$$t-

fuzz-build:
	$(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product EdgeFuzz \
		--scratch-path .build-fuzz 2>&1 | grep --line-buffered -v "Cannot export local symbol"; test $${PIPESTATUS[0]} -eq 0

# Each target for FUZZ_SECONDS (time-boxed); stops at the first finding.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; $(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) || exit 1; done

# Each target for FUZZ_RUNS executions from the committed corpus (what CI runs).
fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do echo "== fuzz-smoke $$t ($(FUZZ_RUNS) runs)"; \
		$(FUZZ_RUN) -runs=$(FUZZ_RUNS) 2>&1 | grep -E "DONE|ERROR|contract violation|SUMMARY|Test unit written"; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; done

clean:
	rm -rf .build Benchmarks/.build .build-fuzz .fuzz-work .build-asan .build-tsan .build-v3
