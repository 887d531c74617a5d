// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so `swift test` at the root does not build them.
// Run: cd Benchmarks && swift package -j 2 benchmark --no-progress < /dev/null
let package = Package(
    name: "EdgeProfBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "EdgeProf", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MemoryBenchmarks",
            dependencies: [
                .product(name: "EdgeMemory", package: "EdgeProf"),
                .product(name: "EdgeModel", package: "EdgeProf"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "MemoryBenchmarks",
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "RuntimeBenchmarks",
            dependencies: [
                .product(name: "EdgeRuntime", package: "EdgeProf"),
                .product(name: "EdgeModel", package: "EdgeProf"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "RuntimeBenchmarks",
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "CounterBenchmarks",
            dependencies: [
                .product(name: "EdgeCounters", package: "EdgeProf"),
                .product(name: "EdgeRuntime", package: "EdgeProf"),
                .product(name: "EdgeModel", package: "EdgeProf"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "CounterBenchmarks",
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // What measuring costs, A/B alternating in one process (a plain executable, no benchmark plugin).
        .executableTarget(
            name: "CounterOverhead",
            dependencies: [
                .product(name: "EdgeCounters", package: "EdgeProf"),
                .product(name: "EdgeRuntime", package: "EdgeProf"),
                .product(name: "EdgeModel", package: "EdgeProf"),
            ],
            path: "CounterOverhead",
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])]),
    ]
)
