// swift-tools-version:6.1
import PackageDescription

// No unsafe flags: other packages can depend on the libraries by version, and a binary runs on any x86-64 or
// arm64 CPU. EdgeKernels picks its AVX-512 / AVX2 / NEON / portable code at run time (CPUID), so the hot loops
// are vectorized without building for the building machine's CPU.

let package = Package(
    name: "EdgeProf",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "edgeprof", targets: ["edgeprof"]),
        .library(name: "EdgeModel", targets: ["EdgeModel"]),
        .library(name: "EdgeRuntime", targets: ["EdgeRuntime"]),
        .library(name: "EdgeMemory", targets: ["EdgeMemory"]),
        .library(name: "EdgeReports", targets: ["EdgeReports"]),
        .library(name: "EdgeProfiler", targets: ["EdgeProfiler"]),
        .library(name: "EdgeCounters", targets: ["EdgeCounters"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // YAML benchmark suites (EdgeBench only).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "EdgeModel"),
        // C kernels (matmuls, attention, SwiGLU, half conversion), one variant per instruction set.
        .target(name: "EdgeKernels"),
        .target(name: "EdgeRuntime", dependencies: ["EdgeModel", "EdgeKernels"]),
        .target(name: "EdgeMemory", dependencies: ["EdgeModel", "EdgeKernels"]),
        // Format-neutral report documents and their renderers: terminal, CSV, Markdown + SVG, HTML.
        .target(name: "EdgeReports", dependencies: ["EdgeModel"]),
        // Runs + simulation → reports (`profile`, `whatif`, `compare`), and each command's report document.
        .target(name: "EdgeProfiler", dependencies: ["EdgeModel", "EdgeRuntime", "EdgeMemory", "EdgeReports"]),
        // Hardware/software counters (PAPI 7) and host topology (hwloc 2.x), found through pkg-config.
        .systemLibrary(name: "CPAPI", pkgConfig: "papi", providers: [.apt(["libpapi-dev"])]),
        .systemLibrary(name: "CHwloc", pkgConfig: "hwloc", providers: [.apt(["libhwloc-dev"])]),
        .systemLibrary(name: "CPerfEvent"),
        .target(name: "EdgeCounters",
                dependencies: ["EdgeModel", "EdgeKernels", "EdgeRuntime", "EdgeMemory", "CPAPI", "CHwloc", "CPerfEvent"]),
        .target(name: "EdgeBench", dependencies: ["EdgeModel", "EdgeMemory", "EdgeRuntime", "EdgeReports",
                                                 .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "edgeprof",
            dependencies: [
                "EdgeModel", "EdgeRuntime", "EdgeMemory", "EdgeReports", "EdgeProfiler", "EdgeCounters", "EdgeBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Coverage-guided fuzzing (`make fuzz`): one executable, the target named by its first argument.
        .target(name: "CFuzzShim"),
        // The targets' contracts, also run without libFuzzer by a short seeded pass in the tests.
        .target(name: "EdgeFuzzTargets", dependencies: ["EdgeModel", "EdgeRuntime", "EdgeMemory"]),
        .executableTarget(name: "EdgeFuzz", dependencies: ["EdgeFuzzTargets", "CFuzzShim"]),
        .testTarget(name: "EdgeModelTests", dependencies: ["EdgeModel"]),
        .testTarget(name: "EdgeRuntimeTests", dependencies: ["EdgeRuntime"]),
        .testTarget(name: "EdgeMemoryTests", dependencies: ["EdgeMemory"]),
        .testTarget(name: "EdgeProfilerTests", dependencies: ["EdgeProfiler", "EdgeReports"]),
        .testTarget(name: "EdgeReportsTests", dependencies: ["EdgeReports"]),
        .testTarget(name: "EdgeCountersTests", dependencies: ["EdgeCounters"]),
        .testTarget(name: "EdgeBenchTests", dependencies: ["EdgeBench"]),
        .testTarget(name: "CLITests", dependencies: ["edgeprof"]),
        .testTarget(name: "EdgeFuzzTargetsTests", dependencies: ["EdgeFuzzTargets"]),
    ]
)
