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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "EdgeModel"),
        // C kernels (matmuls, attention, SwiGLU, half conversion), one variant per instruction set.
        .target(name: "EdgeKernels"),
        .target(name: "EdgeRuntime", dependencies: ["EdgeModel", "EdgeKernels"]),
        .target(name: "EdgeMemory", dependencies: ["EdgeModel"]),
        .executableTarget(
            name: "edgeprof",
            dependencies: [
                "EdgeModel", "EdgeRuntime", "EdgeMemory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "EdgeModelTests", dependencies: ["EdgeModel"]),
        .testTarget(name: "EdgeRuntimeTests", dependencies: ["EdgeRuntime"]),
        .testTarget(name: "EdgeMemoryTests", dependencies: ["EdgeMemory"]),
        .testTarget(name: "CLITests", dependencies: ["edgeprof"]),
    ]
)
