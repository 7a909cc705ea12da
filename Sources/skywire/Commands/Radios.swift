import Glibc
import SkywireCommandLine
import SkywireRadio

/// `skywire radios`: the wifi radios (nl80211), their interfaces, and the neighbours heard.
///
/// The hidden subcommands drive each nl80211 call and the monitor-mode frame path one at a time;
/// the VM harness (scripts/vm/tests/) uses them. They are debugging tools, not a configuration
/// interface: the agent does the same through the library.
enum Radios {
    static let spec = CommandSpec(
        name: "radios",
        abstract: "Show wifi radios, their interfaces and the neighbours they hear.",
        discussion: "Needs a kernel with cfg80211 (nl80211). See docs/wifi.md.",
        subcommands: [
            show, addMonitor, addInterface, delete, setType, link, setFrequency,
            joinIBSS, leaveIBSS, joinMesh, leaveMesh, scan, RadioFrameTest.send, RadioFrameTest.receive,
        ],
        defaultSubcommand: "show"
    )

    static let show = CommandSpec(
        name: "show", abstract: "List phys, interfaces, mode, channel, joined network and neighbours.",
        options: [.flag("json", help: "Print JSON instead of text.")]
    ) { a in
        let inventory = try RadioInventory.collect(try Nl80211Client())
        print(a.flag("json") ? inventory.json : inventory.text)
    }

    static let interfaceArgument = ArgumentSpec("interface", help: "Interface name.")

    static let addMonitor = hidden(
        "add-monitor", "Create a monitor interface on a phy.",
        arguments: [ArgumentSpec("phy", help: "The phy index (N of phyN)."), ArgumentSpec("name", help: "The new interface's name.")]
    ) { a in
        let i = try Nl80211Client().createMonitor(phy: try number(a, "phy"), name: a.argument("name")!)
        print("\(i.name) ifindex \(i.ifindex) type \(i.type) phy\(i.phy)")
    }

    static let addInterface = hidden(
        "add", "Create an interface of a type (ibss, mesh, station, monitor) on a phy.",
        arguments: [ArgumentSpec("phy", help: "The phy index."), ArgumentSpec("name", help: "The new interface's name."),
                    ArgumentSpec("type", help: "ibss, mesh, station or monitor.")]
    ) { a in
        let i = try Nl80211Client().createInterface(phy: try number(a, "phy"), name: a.argument("name")!, type: try interfaceType(a))
        print("\(i.name) ifindex \(i.ifindex) type \(i.type) phy\(i.phy)")
    }

    static let delete = hidden("delete", "Delete an interface.", arguments: [interfaceArgument]) { a in
        let c = try Nl80211Client()
        try c.deleteInterface(ifindex: try c.ifindex(named: a.argument("interface")!))
    }

    static let setType = hidden(
        "set-type", "Change an interface's type (ibss, mesh, station, monitor).",
        arguments: [interfaceArgument, ArgumentSpec("type", help: "ibss, mesh, station or monitor.")]
    ) { a in
        let c = try Nl80211Client()
        try c.setInterfaceType(ifindex: try c.ifindex(named: a.argument("interface")!), try interfaceType(a))
    }

    static let link = hidden(
        "link", "Set an interface up or down.", arguments: [interfaceArgument, ArgumentSpec("state", help: "up or down.")]
    ) { a in
        let up: Bool = try a.argument("state", expected: "up or down") { $0 == "up" ? true : $0 == "down" ? false : nil }
        let c = try Nl80211Client()
        try c.setUp(ifindex: try c.ifindex(named: a.argument("interface")!), up)
    }

    static let setFrequency = hidden(
        "set-freq", "Tune a (monitor) interface to a frequency in MHz.",
        arguments: [interfaceArgument, ArgumentSpec("megahertz", help: "Frequency in MHz, e.g. 2412.")]
    ) { a in
        let c = try Nl80211Client()
        try c.setFrequency(ifindex: try c.ifindex(named: a.argument("interface")!), megahertz: try number(a, "megahertz"))
    }

    static let joinIBSS = hidden(
        "join-ibss", "Join an IBSS (the interface must be type ibss and up).",
        options: [.option("bssid", value: "mac", help: "Fix the BSSID (aa:bb:cc:dd:ee:ff).")],
        arguments: [interfaceArgument, ArgumentSpec("ssid", help: "SSID."), ArgumentSpec("megahertz", help: "Frequency in MHz.")]
    ) { a in
        let c = try Nl80211Client()
        let fixed = try a.value("bssid", expected: "a MAC address aa:bb:cc:dd:ee:ff") { MACAddress(text: $0) }
        try c.joinIBSS(ifindex: try c.ifindex(named: a.argument("interface")!), ssid: Array(a.argument("ssid")!.utf8),
                       megahertz: try number(a, "megahertz"), bssid: fixed)
    }

    static let leaveIBSS = hidden("leave-ibss", "Leave the IBSS.", arguments: [interfaceArgument]) { a in
        let c = try Nl80211Client()
        try c.leaveIBSS(ifindex: try c.ifindex(named: a.argument("interface")!))
    }

    static let joinMesh = hidden(
        "join-mesh", "Join an 802.11s mesh with forwarding off (type mesh, up).",
        arguments: [interfaceArgument, ArgumentSpec("mesh-id", help: "Mesh ID."), ArgumentSpec("megahertz", help: "Frequency in MHz.")]
    ) { a in
        let c = try Nl80211Client()
        try c.joinMesh(ifindex: try c.ifindex(named: a.argument("interface")!), meshID: Array(a.argument("mesh-id")!.utf8),
                       megahertz: try number(a, "megahertz"))
    }

    static let leaveMesh = hidden("leave-mesh", "Leave the mesh.", arguments: [interfaceArgument]) { a in
        let c = try Nl80211Client()
        try c.leaveMesh(ifindex: try c.ifindex(named: a.argument("interface")!))
    }

    static let scan = hidden(
        "scan", "Scan on an interface and list the networks heard.",
        options: [.option("freq", value: "MHz", help: "Only this frequency in MHz.")],
        arguments: [ArgumentSpec("interface", help: "Interface name (not a monitor interface).")]
    ) { a in
        let c = try Nl80211Client()
        let freq: UInt32? = try a.value("freq", expected: "a frequency in MHz") { UInt32($0) }
        let results = try c.scan(ifindex: try c.ifindex(named: a.argument("interface")!), frequencies: freq.map { [$0] } ?? [])
        for r in results {
            let name = r.meshID.map { "mesh \"\(String(decoding: $0, as: UTF8.self))\"" }
                ?? "ssid \"\(String(decoding: r.ssid ?? [], as: UTF8.self))\""
            let signal = r.signalDBm.map { " signal \($0) dBm" } ?? ""
            print("\(r.bssid) \(r.frequency) MHz \(r.isIBSS ? "ibss" : "bss") \(name)\(signal)")
        }
    }

    static func hidden(
        _ name: String, _ abstract: String, options: [OptionSpec] = [], arguments: [ArgumentSpec] = [],
        run: @escaping @Sendable (ParsedArguments) throws -> Void
    ) -> CommandSpec {
        CommandSpec(name: name, abstract: abstract, options: options, arguments: arguments, isHidden: true, run: run)
    }

    static func number(_ a: ParsedArguments, _ name: String) throws(UsageError) -> UInt32 {
        try a.argument(name, expected: "a number") { UInt32($0) }
    }

    static func interfaceType(_ a: ParsedArguments) throws(UsageError) -> InterfaceType {
        try a.argument("type", expected: "ibss, mesh, station or monitor") { InterfaceType(name: $0) }
    }
}

/// `radios send` / `radios receive`: numbered test datagrams through the monitor-mode frame path.
enum RadioFrameTest {
    static let send = Radios.hidden(
        "send", "Inject numbered test datagrams on a monitor interface.",
        options: [
            .option("mac", value: "mac", help: "Transmitter address (default: the MAC of the IBSS/mesh interface on the same phy)."),
            .option("count", value: "n", help: "Datagrams to send (default 100)."),
            .option("size", value: "bytes", help: "Bytes per datagram; over 1466 is fragmented (default 1000)."),
            .option("interval-ms", value: "ms", help: "Pause between datagrams in milliseconds (default 2)."),
        ],
        arguments: [ArgumentSpec("interface", help: "Monitor interface name.")]
    ) { a in
        let interface = a.argument("interface")!
        let mac = a.value("mac")
        let count = try a.value("count", expected: "a number") { Int($0) } ?? 100
        let size = try a.value("size", expected: "a number") { Int($0) } ?? 1000
        let intervalMs = try a.value("interval-ms", expected: "a number") { Int($0) } ?? 2
            let client = try Nl80211Client()
            let own = try mac.map { try macAddress($0) } ?? client.transmitterAddress(monitor: client.ifindex(named: interface))
            let capture = try MonitorCapture(interface: interface, ownAddress: own)
            var datagram = [UInt8](repeating: 0, count: size)
            var packet = [UInt8](repeating: 0, count: Radiotap.transmitHeaderLength + WifiFrame.overhead + WifiFrame.maxFragmentPayload)
            var sequence: UInt16 = 0
            var frames = 0
            let started = monotonicNanoseconds()
            for d in 0..<count {
                TestPattern.fill(&datagram, number: UInt32(d))
                let n = WifiFrame.fragmentCount(datagramLength: size)!
                for f in 0..<n {
                    let from = f * WifiFrame.defaultFragmentPayload
                    let to = min(size, from + WifiFrame.defaultFragmentPayload)
                    let length = packet.withUnsafeMutableBytes { out in
                        datagram.withUnsafeBytes { src in
                            let r = Radiotap.writeTransmitHeader(into: out, noAck: true)
                            return r + WifiFrame.encode(
                                into: UnsafeMutableRawBufferPointer(rebasing: out[r...]), receiver: .broadcast,
                                transmitter: own, sequenceNumber: sequence,
                                fragment: FragmentHeader(datagramID: UInt16(truncatingIfNeeded: d), index: UInt8(f), count: UInt8(n)),
                                payload: UnsafeRawBufferPointer(rebasing: src[from..<to]))
                        }
                    }
                    try packet.withUnsafeBytes { try capture.inject(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
                    sequence = (sequence + 1) & 0x0FFF
                    frames += 1
                }
                if intervalMs > 0 { usleep(UInt32(intervalMs) * 1000) }
            }
            let ms = (monotonicNanoseconds() - started) / 1_000_000
            print("sent datagrams=\(count) frames=\(frames) bytes=\(count * size) from=\(own) ms=\(ms)")
    }

    static let receive = Radios.hidden(
        "receive", "Receive test datagrams on a monitor interface and check them.",
        options: [
            .option("mac", value: "mac", help: "Our address, whose frames are ignored (default: as for send)."),
            .option("count", value: "n", help: "Stop after this many datagrams (default 100)."),
            .option("timeout-ms", value: "ms", help: "Give up after this many milliseconds (default 10000)."),
            .option("expect", value: "n", help: "Fail unless at least this many datagrams arrived intact (default: --count)."),
        ],
        arguments: [ArgumentSpec("interface", help: "Monitor interface name.")]
    ) { a in
        let interface = a.argument("interface")!
        let mac = a.value("mac")
        let count = try a.value("count", expected: "a number") { Int($0) } ?? 100
        let timeoutMs = try a.value("timeout-ms", expected: "a number") { Int($0) } ?? 10_000
        let expect = try a.value("expect", expected: "a number") { Int($0) }
            let client = try Nl80211Client()
            let own = try mac.map { try macAddress($0) } ?? client.transmitterAddress(monitor: client.ifindex(named: interface))
            let capture = try MonitorCapture(interface: interface, ownAddress: own)
            var reassembler = WifiReassembler()
            var stats = TestPattern.Stats()
            let deadline = monotonicNanoseconds() + UInt64(timeoutMs) * 1_000_000
            print("ready on \(interface) as \(own)")
            fflush(nil)
            while stats.datagrams < count, monotonicNanoseconds() < deadline {
                guard capture.wait(timeoutMilliseconds: 100) else { continue }
                try capture.read { packet in
                    stats.frames += 1
                    do throws(WifiFrameError) {
                        let (radio, frame) = try WifiFrame.decodeCaptured(packet)
                        if frame.transmitter == own { stats.own += 1 }
                        stats.record(signal: radio.signalDBm)
                        reassembler.accept(transmitter: frame.transmitter, fragment: frame.fragment,
                                           payload: frame.payload, now: monotonicNanoseconds()) { datagram in
                            stats.check(datagram)
                        }
                    } catch {
                        stats.undecodable += 1
                    }
                }
            }
            let (seen, dropped) = capture.statistics()
            print("received datagrams=\(stats.datagrams) intact=\(stats.intact) corrupt=\(stats.corrupt) frames=\(stats.frames) "
                + "undecodable=\(stats.undecodable) own=\(stats.own) signal_dbm=\(stats.signalText) pcap_seen=\(seen) pcap_dropped=\(dropped)")
            guard stats.intact >= (expect ?? count), stats.own == 0, stats.undecodable == 0 else { throw RadioTestFailure(intact: stats.intact, wanted: expect ?? count) }
    }

    static func macAddress(_ text: String) throws(UsageError) -> MACAddress {
        guard let m = MACAddress(text: text) else { throw .invalidValue(name: "--mac", value: text, expected: "aa:bb:cc:dd:ee:ff") }
        return m
    }
}

/// `radios receive` got fewer intact datagrams than wanted, or undecodable or own frames.
struct RadioTestFailure: Error, CustomStringConvertible {
    var intact: Int
    var wanted: Int
    var description: String { "frame test failed: \(intact) intact datagrams (wanted \(wanted)), or own/undecodable frames seen" }
}

/// Test datagrams: a 4-byte big-endian number, then bytes that depend on it and their offset.
enum TestPattern {
    static func fill(_ d: inout [UInt8], number: UInt32) {
        for i in d.indices {
            d[i] = i < 4 ? UInt8(truncatingIfNeeded: number >> (24 - 8 * UInt32(i))) : UInt8(truncatingIfNeeded: Int(number) &* 7 &+ i)
        }
    }

    struct Stats {
        var frames = 0, datagrams = 0, intact = 0, corrupt = 0, undecodable = 0, own = 0
        var signals: [Int] = []

        mutating func record(signal: Int8?) { if let s = signal { signals.append(Int(s)) } }

        mutating func check(_ datagram: UnsafeRawBufferPointer) {
            datagrams += 1
            guard datagram.count >= 4 else { corrupt += 1; return }
            let number = datagram.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            var expected = [UInt8](repeating: 0, count: datagram.count)
            TestPattern.fill(&expected, number: number)
            if expected.elementsEqual(datagram) { intact += 1 } else { corrupt += 1 }
        }

        var signalText: String {
            guard let lo = signals.min(), let hi = signals.max() else { return "none" }
            return "\(lo)..\(hi)"
        }
    }
}


private func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
