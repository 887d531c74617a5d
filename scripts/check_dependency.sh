#!/usr/bin/env bash
# Checks that another package can depend on EdgeProf the way SwiftPM enforces for real dependencies (a git URL with
# a version requirement: unsafe flags are refused there) and call EdgeMemory. Clones COMMIT (default HEAD) of this
# repository into a temporary directory, tags the clone v0.0.1 (the repository itself is not touched), builds a
# consumer package against file://clone from: 0.0.1 and runs it. Exit 0 when it builds and prints the expected counts.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd) COMMIT=${1:-HEAD}
WORK=$(mktemp -d) && trap 'rm -rf "$WORK"' EXIT
git clone -q "$REPO" "$WORK/edgeprof" && git -C "$WORK/edgeprof" checkout -q "$(git -C "$REPO" rev-parse "$COMMIT")"
git -C "$WORK/edgeprof" tag v0.0.1
mkdir -p "$WORK/consumer/Sources/Consumer"
cat > "$WORK/consumer/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$WORK/edgeprof", from: "0.0.1")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "EdgeMemory", package: "edgeprof")])]
)
SWIFT
cat > "$WORK/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import EdgeMemory
// A 64-set × 8-way L1 of 64 B lines (32 KiB); 1024 reads of 16 B over 16 KiB, twice: 256 misses, 1792 hits.
let hierarchy = try CacheHierarchy(levels: [CacheLevelConfig(name: "L1", sets: 64, ways: 8, lineSize: 64)])
for _ in 0..<2 { for i in 0..<1024 { hierarchy.access(address: UInt64(i * 16), bytes: 16, write: false) } }
let l1 = hierarchy.statistics.levels[0]
print("L1 hits \(l1.hits) misses \(l1.misses)")
guard l1.hits == 1792, l1.misses == 256 else { fatalError("expected 1792 hits and 256 misses") }
SWIFT
cd "$WORK/consumer" && swift build && .build/debug/Consumer
