// swift-tools-version:6.1
import PackageDescription

/// Release builds are tuned for the machine that builds them (AVX-512 here); debug builds stay checked.
let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"], .when(configuration: .release))]

/// The simulators are built as they ship in debug builds too, so the test suite replays real model sizes
/// through the same code. (Their input checks throw; none relies on `precondition`.)
let hot: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])]

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
    ],
    targets: [
        .target(name: "EdgeModel", swiftSettings: fast),
        // C kernels for what Swift SIMD cannot express (F16C conversion, AVX-512 VNNI int8 dots); always tuned for
        // the building CPU so debug tests run the same vector paths as release.
        .target(name: "EdgeKernels",
                cSettings: [.unsafeFlags(["-O3", "-march=native", "-mprefer-vector-width=512", "-ffast-math"])]),
        .target(name: "EdgeRuntime", dependencies: ["EdgeModel", "EdgeKernels"], swiftSettings: fast),
        .target(name: "EdgeMemory", dependencies: ["EdgeModel"], swiftSettings: hot),
        // Format-neutral report documents and their renderers: terminal, CSV, Markdown + SVG, HTML.
        .target(name: "EdgeReports", dependencies: ["EdgeModel"], swiftSettings: fast),
        // Runs + simulation → reports (`profile`, `whatif`, `compare`), and each command's report document.
        .target(name: "EdgeProfiler", dependencies: ["EdgeModel", "EdgeRuntime", "EdgeMemory", "EdgeReports"],
                swiftSettings: fast),
        // Hardware/software counters (PAPI 7) and host topology (hwloc 2.x), found through pkg-config.
        .systemLibrary(name: "CPAPI", pkgConfig: "papi", providers: [.apt(["libpapi-dev"])]),
        .systemLibrary(name: "CHwloc", pkgConfig: "hwloc", providers: [.apt(["libhwloc-dev"])]),
        .systemLibrary(name: "CPerfEvent"),
        .target(name: "EdgeCounters",
                dependencies: ["EdgeModel", "EdgeRuntime", "EdgeMemory", "CPAPI", "CHwloc", "CPerfEvent"],
                swiftSettings: fast),
        .target(name: "EdgeBench", dependencies: ["EdgeModel", "EdgeMemory", "EdgeRuntime", "EdgeReports"], swiftSettings: fast),
        .executableTarget(
            name: "edgeprof",
            dependencies: [
                "EdgeModel", "EdgeRuntime", "EdgeMemory", "EdgeReports", "EdgeProfiler", "EdgeCounters", "EdgeBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fast),
        // Coverage-guided fuzzing (`make fuzz`): one executable, the target named by its first argument.
        .target(name: "CFuzzShim"),
        .executableTarget(name: "EdgeFuzz", dependencies: ["EdgeModel", "EdgeRuntime", "EdgeMemory", "CFuzzShim"]),
        .testTarget(name: "EdgeModelTests", dependencies: ["EdgeModel"]),
        .testTarget(name: "EdgeRuntimeTests", dependencies: ["EdgeRuntime"]),
        .testTarget(name: "EdgeMemoryTests", dependencies: ["EdgeMemory"]),
        .testTarget(name: "EdgeProfilerTests", dependencies: ["EdgeProfiler", "EdgeReports"]),
        .testTarget(name: "EdgeReportsTests", dependencies: ["EdgeReports"]),
        .testTarget(name: "EdgeCountersTests", dependencies: ["EdgeCounters"]),
        .testTarget(name: "EdgeBenchTests", dependencies: ["EdgeBench"]),
        .testTarget(name: "CLITests", dependencies: ["edgeprof"]),
    ]
)
