// swift-tools-version:6.1
// The Skywire mesh agent. Module map and the path of a packet: docs/architecture.md.
import PackageDescription


let package = Package(
    name: "skywire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skywire", targets: ["skywire"]),
        .executable(name: "skywire-sim", targets: ["skywire-sim"]),
        .library(name: "SkywireCrypto", targets: ["SkywireCrypto"]),
        .library(name: "SkywireNoise", targets: ["SkywireNoise"]),
        .library(name: "SkywireTransport", targets: ["SkywireTransport"]),
        .library(name: "SkywireIdentity", targets: ["SkywireIdentity"]),
        .library(name: "SkywireWire", targets: ["SkywireWire"]),
        .library(name: "SkywireLink", targets: ["SkywireLink"]),
        .library(name: "SkywireRouting", targets: ["SkywireRouting"]),
    ],
    dependencies: [],
    targets: [
        // C libraries (Debian -dev packages via pkg-config). Each is imported by exactly one
        // Swift wrapper module, privately, so no C type reaches the layers above.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CNetlink", pkgConfig: "libnl-genl-3.0", providers: [.apt(["libnl-genl-3-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),

        // Crypto primitives: the only importer of CSodium and CSecp256k1.
        .target(name: "SkywireCrypto", dependencies: ["CSodium", "CSecp256k1"]),
        // Noise handshakes (XK, IK) on secp256k1, and BOLT 8's stream framing for its vectors.
        .target(name: "SkywireNoise", dependencies: ["SkywireCrypto"]),
        // The datagram transport after a handshake: explicit counters, replay window, rekeying.
        .target(name: "SkywireTransport", dependencies: ["SkywireCrypto"]),
        // Packet codecs: byte reader/writer and every message of docs/protocol.md. Total decoders.
        .target(name: "SkywireWire", dependencies: ["SkywireCrypto"]),
        // The link layer, sans-IO: per-neighbour links (IK handshake, transport, keepalive,
        // liveness, roaming, metrics), LAN beacons and static peers, one link per path.
        .target(name: "SkywireLink", dependencies: ["SkywireWire", "SkywireNoise", "SkywireTransport", "SkywireCrypto"]),
        // Routing, sans-IO: signed link-state records and their flooding, the route finder,
        // one-pass onion route setup (blinded per-hop keys), per-link labels and forwarding.
        .target(name: "SkywireRouting", dependencies: ["SkywireWire", "SkywireCrypto"]),
        // End-to-end sessions, sans-IO: IK with a 0-RTT first message between (node, service,
        // port) endpoints, multipath scheduling over routes, reliable stream and datagram modes.
        .target(name: "SkywireSession", dependencies: ["SkywireNoise", "SkywireTransport", "SkywireWire", "SkywireCrypto"]),
        // The node, sans-IO: links + topology + routes + forwarding + sessions + services in one
        // state machine with datagrams and time in, datagrams and events out.
        .target(name: "SkywireNode", dependencies: ["SkywireLink", "SkywireRouting", "SkywireSession", "SkywireNoise", "SkywireWire", "SkywireCrypto"]),
        // The deterministic simulator: many SkywireNodes on a virtual clock over lossy, delayed,
        // rate-limited and one-way links.
        .target(name: "SkywireSim", dependencies: ["SkywireNode", "SkywireLink", "SkywireRouting", "SkywireCrypto"]),
        // Node, service and user keys; their text form; key files.
        .target(name: "SkywireIdentity", dependencies: ["SkywireCrypto"]),
        // IP over the mesh: TUN devices, the key-derived stable IPv6 address, the gateway's NAT
        // (nftables) and the hotspot plumbing. Linux drivers plus sans-IO packet helpers.
        .target(name: "SkywireTun", dependencies: ["SkywireIO", "SkywireCrypto"]),
        // Bandwidth accounting: per-neighbour and per-route byte counts, signed receipts, bounded
        // on-disk storage.
        .target(name: "SkywireAccounting", dependencies: ["SkywireWire", "SkywireCrypto"]),
        // The command-line parser of `skywire`: options, flags, positionals, subcommands, help.
        // (swift-argument-parser would pull FoundationEssentials, 5.8 MB, into the static agent.)
        .target(name: "SkywireCommandLine"),
        // JSON text for `--json` output and the control socket, without Foundation.
        .target(name: "SkywireJSON"),
        // The node's I/O drivers: epoll, non-blocking UDP with recvmmsg/sendmmsg, timers,
        // interfaces, the Unix control socket. Only libc; no protocol logic.
        .target(name: "SkywireIO", dependencies: ["CSkywireLinux"]),
        // Linux calls Swift's Glibc module hides (epoll, eventfd, recvmmsg/sendmmsg, accept4).
        .target(name: "CSkywireLinux", cSettings: [.define("_GNU_SOURCE")]),
        // nl80211 (libnl-genl) and monitor-mode frames (libpcap): the only importer of CNetlink/CPcap.
        .target(name: "CSkywireShims", dependencies: ["CNetlink"]),
        .target(name: "SkywireRadio", dependencies: ["CNetlink", "CPcap", "CSkywireShims", "SkywireJSON"]),

        // The node runtime: config file, the epoll event loop that joins the sans-IO layers to
        // SkywireIO (UDP links, LAN beacons, timers), and the control socket server.
        .target(
            name: "SkywireAgent",
            dependencies: ["SkywireNode", "SkywireRouting", "SkywireLink", "SkywireIO", "SkywireIdentity", "SkywireWire", "SkywireCrypto", "SkywireJSON"]
        ),

        .executableTarget(
            name: "skywire",
            dependencies: [
                "SkywireAgent", "SkywireCrypto", "SkywireNoise", "SkywireTransport", "SkywireIdentity", "SkywireRadio",
                "SkywireIO",
                "SkywireCommandLine", "SkywireNode",
            ]
        ),

        // The simulator as a command of its own (a developer tool; not in firmware images).
        .executableTarget(name: "skywire-sim", dependencies: ["SkywireSim", "SkywireCommandLine"]),

        // Helpers shared by the test targets (temporary directories, allocation probes).
        .target(name: "SkywireTestSupport", path: "Tests/SkywireTestSupport"),

        .testTarget(name: "SkywireCryptoTests", dependencies: ["SkywireCrypto"], exclude: ["Vectors"]),
        .testTarget(name: "SkywireNoiseTests", dependencies: ["SkywireNoise", "SkywireCrypto"], exclude: ["Vectors"]),
        .testTarget(name: "SkywireTransportTests", dependencies: ["SkywireTransport", "SkywireCrypto"]),
        .testTarget(name: "SkywireWireTests", dependencies: ["SkywireWire", "SkywireCrypto"]),
        .testTarget(name: "SkywireLinkTests", dependencies: ["SkywireTestSupport", "SkywireLink", "SkywireWire", "SkywireNoise", "SkywireTransport", "SkywireCrypto"],
                    exclude: ["Vectors"]),
        .testTarget(name: "SkywireAgentTests", dependencies: ["SkywireAgent", "SkywireLink", "SkywireIO", "SkywireJSON"]),
        .testTarget(name: "SkywireRoutingTests", dependencies: ["SkywireRouting", "SkywireWire", "SkywireCrypto"]),
        .testTarget(name: "SkywireRadioTests", dependencies: ["SkywireRadio"]),
        .testTarget(name: "SkywireSessionTests", dependencies: ["SkywireTestSupport", "SkywireSession", "SkywireNoise", "SkywireWire", "SkywireCrypto"]),
        .testTarget(name: "SkywireNodeTests", dependencies: ["SkywireNode", "SkywireSim", "SkywireCrypto"]),
        .testTarget(name: "SkywireTunTests", dependencies: ["SkywireTun", "SkywireIO", "SkywireCrypto"], exclude: ["Vectors"]),
        .testTarget(name: "SkywireAccountingTests", dependencies: ["SkywireAccounting", "SkywireCrypto"]),
        .testTarget(name: "SkywireCommandLineTests", dependencies: ["SkywireCommandLine"]),
        .testTarget(name: "SkywireIOTests", dependencies: ["SkywireTestSupport", "SkywireIO"]),
        .testTarget(name: "SkywireIdentityTests", dependencies: ["SkywireTestSupport", "SkywireIdentity", "SkywireCrypto"]),
        .testTarget(name: "SkywireCLITests", dependencies: ["SkywireTestSupport", "skywire"]),
    ]
)
