// swift-tools-version:6.1
// Benchmarks of the packet path (transport seal/open against raw libsodium, replay window,
// rekey step), with wall clock and malloc counts. Run: scripts/bench-crypto from the root.
import PackageDescription

let package = Package(
    name: "skywire-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "skywire", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TransportBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SkywireCrypto", package: "skywire"),
                .product(name: "SkywireTransport", package: "skywire"),
                .product(name: "SkywireNoise", package: "skywire"),
            ],
            path: "Benchmarks/TransportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
