// swift-tools-version:6.1
// libFuzzer harnesses, one per decoder family, over the root package's library products.
// Build and run all of them for a bounded time from the root: scripts/fuzz [seconds-per-harness].
// Each harness is one file: LLVMFuzzerTestOneInput (the decoder call and its properties), seeds,
// and an @main that starts libFuzzer's driver (FuzzSupport.runLibFuzzer). Built with
// -sanitize=fuzzer,address, so the root modules they link are coverage-instrumented too.
// Seeds: Corpus/<Harness>/ (scripts/fuzz --seeds); fixed crashers: Regressions/<Harness>/.
import PackageDescription

/// Harness name and the root package's library products it fuzzes.
let harnesses: [(name: String, products: [String])] = [
    ("FuzzDatagram", ["SkywireWire", "SkywireTransport"]),
    ("FuzzBeacon", ["SkywireWire"]),
    ("FuzzFrames", ["SkywireWire"]),
    ("FuzzTransport", ["SkywireTransport"]),
    ("FuzzHandshake", ["SkywireNoise"]),
    ("FuzzBolt8", ["SkywireNoise"]),
    ("FuzzAddress", ["SkywireIdentity"]),
    ("FuzzKeyFile", ["SkywireIdentity"]),
    ("FuzzCrypto", []),
    ("FuzzLink", ["SkywireLink", "SkywireWire"]),
    ("FuzzRouting", ["SkywireRouting", "SkywireWire"]),
]

let package = Package(
    name: "skywire-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "skywire", path: ".."),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "SkywireCrypto", package: "skywire")],
            swiftSettings: [.enableExperimentalFeature("Extern")]  // @_extern(c) LLVMFuzzerRunDriver
        ),
    ] + harnesses.map { harness in
        .executableTarget(
            name: harness.name,
            dependencies: ["FuzzSupport", .product(name: "SkywireCrypto", package: "skywire")]
                + harness.products.map { .product(name: $0, package: "skywire") }
        )
    }
)
