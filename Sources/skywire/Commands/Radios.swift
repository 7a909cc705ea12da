import ArgumentParser
import Glibc
import SkywireRadio

/// `skywire radios`: the wifi radios (nl80211), their interfaces, and the neighbours heard.
///
/// The hidden subcommands drive each nl80211 call and the monitor-mode frame path one at a time;
/// the VM harness (scripts/vm/tests/) uses them. They are debugging tools, not a configuration
/// interface: the agent does the same through the library.
struct Radios: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show wifi radios, their interfaces and the neighbours they hear.",
        discussion: "Needs a kernel with cfg80211 (nl80211). See docs/wifi.md.",
        subcommands: [
            Show.self, AddMonitor.self, AddInterface.self, Delete.self, SetType.self, Link.self, SetFreq.self,
            JoinIBSS.self, LeaveIBSS.self, JoinMesh.self, LeaveMesh.self, Scan.self,
            SendFrames.self, ReceiveFrames.self,
        ],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "List phys, interfaces, mode, channel, joined network and neighbours.")
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let inventory = try RadioInventory.collect(try Nl80211Client())
            print(json ? inventory.json : inventory.text)
        }
    }

    struct AddMonitor: ParsableCommand {
        static let configuration = hidden("add-monitor", "Create a monitor interface on a phy.")
        @Argument(help: "The phy index (N of phyN).") var phy: UInt32
        @Argument(help: "The new interface's name.") var name: String

        func run() throws {
            let i = try Nl80211Client().createMonitor(phy: phy, name: name)
            print("\(i.name) ifindex \(i.ifindex) type \(i.type) phy\(i.phy)")
        }
    }

    struct AddInterface: ParsableCommand {
        static let configuration = hidden("add", "Create an interface of a type (ibss, mesh, station, monitor) on a phy.")
        @Argument(help: "The phy index.") var phy: UInt32
        @Argument(help: "The new interface's name.") var name: String
        @Argument(help: "ibss, mesh, station or monitor.") var type: String

        func run() throws {
            let i = try Nl80211Client().createInterface(phy: phy, name: name, type: try interfaceType(type))
            print("\(i.name) ifindex \(i.ifindex) type \(i.type) phy\(i.phy)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = hidden("delete", "Delete an interface.")
        @Argument(help: "Interface name.") var interface: String
        func run() throws {
            let c = try Nl80211Client()
            try c.deleteInterface(ifindex: try c.ifindex(named: interface))
        }
    }

    struct SetType: ParsableCommand {
        static let configuration = hidden("set-type", "Change an interface's type (ibss, mesh, station, monitor).")
        @Argument(help: "Interface name.") var interface: String
        @Argument(help: "ibss, mesh, station or monitor.") var type: String
        func run() throws {
            let c = try Nl80211Client()
            try c.setInterfaceType(ifindex: try c.ifindex(named: interface), try interfaceType(type))
        }
    }

    struct Link: ParsableCommand {
        static let configuration = hidden("link", "Set an interface up or down.")
        @Argument(help: "Interface name.") var interface: String
        @Argument(help: "up or down.") var state: String
        func run() throws {
            guard state == "up" || state == "down" else { throw ValidationError("state must be up or down") }
            let c = try Nl80211Client()
            try c.setUp(ifindex: try c.ifindex(named: interface), state == "up")
        }
    }

    struct SetFreq: ParsableCommand {
        static let configuration = hidden("set-freq", "Tune a (monitor) interface to a frequency in MHz.")
        @Argument(help: "Interface name.") var interface: String
        @Argument(help: "Frequency in MHz, e.g. 2412.") var megahertz: UInt32
        func run() throws {
            let c = try Nl80211Client()
            try c.setFrequency(ifindex: try c.ifindex(named: interface), megahertz: megahertz)
        }
    }

    struct JoinIBSS: ParsableCommand {
        static let configuration = hidden("join-ibss", "Join an IBSS (the interface must be type ibss and up).")
        @Argument(help: "Interface name.") var interface: String
        @Argument(help: "SSID.") var ssid: String
        @Argument(help: "Frequency in MHz.") var megahertz: UInt32
        @Option(help: "Fix the BSSID (aa:bb:cc:dd:ee:ff).") var bssid: String?
        func run() throws {
            let c = try Nl80211Client()
            let fixed = try bssid.map(macAddress)
            try c.joinIBSS(ifindex: try c.ifindex(named: interface), ssid: Array(ssid.utf8), megahertz: megahertz, bssid: fixed)
        }
    }

    struct LeaveIBSS: ParsableCommand {
        static let configuration = hidden("leave-ibss", "Leave the IBSS.")
        @Argument(help: "Interface name.") var interface: String
        func run() throws {
            let c = try Nl80211Client()
            try c.leaveIBSS(ifindex: try c.ifindex(named: interface))
        }
    }

    struct JoinMesh: ParsableCommand {
        static let configuration = hidden("join-mesh", "Join an 802.11s mesh with forwarding off (type mesh, up).")
        @Argument(help: "Interface name.") var interface: String
        @Argument(help: "Mesh ID.") var meshID: String
        @Argument(help: "Frequency in MHz.") var megahertz: UInt32
        func run() throws {
            let c = try Nl80211Client()
            try c.joinMesh(ifindex: try c.ifindex(named: interface), meshID: Array(meshID.utf8), megahertz: megahertz)
        }
    }

    struct LeaveMesh: ParsableCommand {
        static let configuration = hidden("leave-mesh", "Leave the mesh.")
        @Argument(help: "Interface name.") var interface: String
        func run() throws {
            let c = try Nl80211Client()
            try c.leaveMesh(ifindex: try c.ifindex(named: interface))
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = hidden("scan", "Scan on an interface and list the networks heard.")
        @Argument(help: "Interface name (not a monitor interface).") var interface: String
        @Option(help: "Only this frequency in MHz.") var freq: UInt32?
        func run() throws {
            let c = try Nl80211Client()
            let results = try c.scan(ifindex: try c.ifindex(named: interface), frequencies: freq.map { [$0] } ?? [])
            for r in results {
                let name = r.meshID.map { "mesh \"\(String(decoding: $0, as: UTF8.self))\"" }
                    ?? "ssid \"\(String(decoding: r.ssid ?? [], as: UTF8.self))\""
                let signal = r.signalDBm.map { " signal \($0) dBm" } ?? ""
                print("\(r.bssid) \(r.frequency) MHz \(r.isIBSS ? "ibss" : "bss") \(name)\(signal)")
            }
        }
    }

    struct SendFrames: ParsableCommand {
        static let configuration = hidden("send", "Inject numbered test datagrams on a monitor interface.")
        @Argument(help: "Monitor interface name.") var interface: String
        @Option(help: "Transmitter address (default: the MAC of the IBSS/mesh interface on the same phy).") var mac: String?
        @Option(help: "Datagrams to send.") var count = 100
        @Option(help: "Bytes per datagram (over 1466 is fragmented).") var size = 1000
        @Option(help: "Pause between datagrams, in milliseconds.") var intervalMs = 2

        func run() throws {
            let client = try Nl80211Client()
            let own = try mac.map(macAddress) ?? client.transmitterAddress(monitor: client.ifindex(named: interface))
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
    }

    struct ReceiveFrames: ParsableCommand {
        static let configuration = hidden("receive", "Receive test datagrams on a monitor interface and check them.")
        @Argument(help: "Monitor interface name.") var interface: String
        @Option(help: "Our address, whose frames are ignored (default: as for send).") var mac: String?
        @Option(help: "Stop after this many datagrams.") var count = 100
        @Option(help: "Give up after this many milliseconds.") var timeoutMs = 10_000
        @Option(help: "Fail unless at least this many datagrams arrived intact (default: --count).") var expect: Int?

        func run() throws {
            let client = try Nl80211Client()
            let own = try mac.map(macAddress) ?? client.transmitterAddress(monitor: client.ifindex(named: interface))
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
            guard stats.intact >= (expect ?? count), stats.own == 0, stats.undecodable == 0 else { throw ExitCode.failure }
        }
    }
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

private func hidden(_ name: String, _ abstract: String) -> CommandConfiguration {
    CommandConfiguration(commandName: name, abstract: abstract, shouldDisplay: false)
}

private func interfaceType(_ text: String) throws -> InterfaceType {
    guard let t = InterfaceType(name: text) else { throw ValidationError("unknown interface type '\(text)' (ibss, mesh, station, monitor)") }
    return t
}

private func macAddress(_ text: String) throws -> MACAddress {
    guard let m = MACAddress(text: text) else { throw ValidationError("bad MAC address '\(text)'") }
    return m
}

private func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
