public import SkywireJSON

/// What `skywire radios` shows: phys, interfaces and, for joined interfaces, the stations heard.
public struct RadioInventory: Sendable, Equatable {
    public var phys: [Phy]
    public var interfaces: [WifiInterface]
    /// Station dumps by ifindex, for IBSS, mesh and station interfaces.
    public var stations: [UInt32: [Station]]

    public init(phys: [Phy], interfaces: [WifiInterface], stations: [UInt32: [Station]] = [:]) {
        self.phys = phys
        self.interfaces = interfaces
        self.stations = stations
    }

    /// Reads everything from the kernel.
    public static func collect(_ client: Nl80211Client) throws(RadioError) -> RadioInventory {
        let interfaces = try client.interfaces()
        var stations: [UInt32: [Station]] = [:]
        for i in interfaces where [.ibss, .meshPoint, .station].contains(i.type) {
            stations[i.ifindex] = try client.stations(ifindex: i.ifindex)
        }
        return RadioInventory(phys: try client.phys(), interfaces: interfaces, stations: stations)
    }

    // MARK: JSON

    public var json: String { jsonValue.render() }

    public var jsonValue: JSONValue {
        .object([
            ("phys", .array(phys.map(Self.json))),
            ("interfaces", .array(interfaces.map { json($0) })),
        ])
    }

    static func json(_ p: Phy) -> JSONValue {
        .object([
            ("index", .integer(p.index)),
            ("name", .string(p.name)),
            ("interface_types", .array(p.supportedInterfaceTypes.map { .string($0.name) })),
            ("combinations", .array(p.combinations.map { c in
                .object([
                    ("max_interfaces", .integer(c.maxInterfaces)),
                    ("channels", .integer(c.channelCount)),
                    ("limits", .array(c.limits.map { l in
                        .object([
                            ("max", .integer(l.max)),
                            ("types", .array(l.types.map { .string($0.name) })),
                        ])
                    })),
                ])
            })),
            ("bands", .array(p.bands.map { b in
                .object([
                    ("band", .string(b.name)),
                    ("channels", .array(b.channels.map { c in
                        .object([
                            ("freq", .integer(c.frequency)),
                            ("channel", .optionalInteger(c.number)),
                            ("disabled", .bool(c.disabled)),
                            ("no_ir", .bool(c.noInitiatingRadiation)),
                            ("radar", .bool(c.radar)),
                        ])
                    })),
                ])
            })),
        ])
    }

    func json(_ i: WifiInterface) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("ifindex", .integer(i.ifindex)),
            ("name", .string(i.name)),
            ("type", .string(i.type.name)),
            ("phy", .optionalInteger(i.phy)),
            ("mac", .optionalString(i.mac?.description)),
            ("freq", .optionalInteger(i.frequency)),
            ("channel", .optionalInteger(i.frequency.flatMap(Channel.number))),
            ("ssid", .optionalString(networkName(i.ssid))),
            ("mesh_id", .optionalString(networkName(i.meshID))),
        ]
        if let list = stations[i.ifindex] {
            pairs.append(("stations", .array(list.map { s in
                .object([
                    ("mac", .string(s.mac.description)),
                    ("signal_dbm", .optionalInteger(s.signalDBm)),
                    ("tx_bitrate_100kbps", .optionalInteger(s.txBitrate100kbps)),
                    ("tx_failed", .optionalInteger(s.txFailed)),
                    ("tx_retries", .optionalInteger(s.txRetries)),
                    ("rx_packets", .optionalInteger(s.rxPackets)),
                    ("tx_packets", .optionalInteger(s.txPackets)),
                    ("inactive_ms", .optionalInteger(s.inactiveMilliseconds)),
                    ("expected_throughput_kbps", .optionalInteger(s.expectedThroughputKbps)),
                ])
            })))
        }
        return .object(pairs)
    }

    // MARK: text

    /// Lines for people: one block per phy, one per interface with its neighbours.
    public var text: String {
        var lines: [String] = []
        if phys.isEmpty { lines.append("no wifi radios") }
        for p in phys {
            let bands = p.bands.map { b in
                "\(b.name) (\(b.channels.filter { !$0.disabled }.count)/\(b.channels.count) channels usable)"
            }
            lines.append("\(p.name): types \(p.supportedInterfaceTypes.map(\.name).joined(separator: ",")); \(bands.joined(separator: ", "))")
            for c in p.combinations {
                let limits = c.limits.map { "≤\($0.max) of \($0.types.map(\.name).joined(separator: "/"))" }
                lines.append("  combination: ≤\(c.maxInterfaces) interfaces on ≤\(c.channelCount) channels: \(limits.joined(separator: ", "))")
            }
        }
        for i in interfaces {
            var line = "\(i.name): phy\(i.phy) \(i.type.name)"
            if let f = i.frequency { line += " \(f) MHz" + (Channel.number(frequency: f).map { " (channel \($0))" } ?? "") }
            if let mac = i.mac { line += " mac \(mac)" }
            if let s = networkName(i.ssid) { line += " ssid \"\(s)\"" }
            if let m = networkName(i.meshID) { line += " mesh \"\(m)\"" }
            lines.append(line)
            for s in stations[i.ifindex] ?? [] {
                var n = "  heard \(s.mac)"
                if let d = s.signalDBm { n += " signal \(d) dBm" }
                if let r = s.txBitrate100kbps { n += " tx \(r / 10).\(r % 10) Mbit/s" }
                if let f = s.txFailed { n += " failed \(f)" }
                if let rx = s.rxPackets, let tx = s.txPackets { n += " packets rx \(rx) tx \(tx)" }
                lines.append(n)
            }
        }
        return lines.joined(separator: "\n")
    }
}
