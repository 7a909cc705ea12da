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

    public var json: String {
        JSONText.object([
            ("phys", JSONText.array(phys.map(Self.json))),
            ("interfaces", JSONText.array(interfaces.map { json($0) })),
        ])
    }

    static func json(_ p: Phy) -> String {
        JSONText.object([
            ("index", JSONText.number(p.index)),
            ("name", JSONText.string(p.name)),
            ("interface_types", JSONText.array(p.supportedInterfaceTypes.map { JSONText.quoted($0.name) })),
            ("combinations", JSONText.array(p.combinations.map { c in
                JSONText.object([
                    ("max_interfaces", JSONText.number(c.maxInterfaces)),
                    ("channels", JSONText.number(c.channelCount)),
                    ("limits", JSONText.array(c.limits.map { l in
                        JSONText.object([
                            ("max", JSONText.number(l.max)),
                            ("types", JSONText.array(l.types.map { JSONText.quoted($0.name) })),
                        ])
                    })),
                ])
            })),
            ("bands", JSONText.array(p.bands.map { b in
                JSONText.object([
                    ("band", JSONText.string(b.name)),
                    ("channels", JSONText.array(b.channels.map { c in
                        JSONText.object([
                            ("freq", JSONText.number(c.frequency)),
                            ("channel", JSONText.number(c.number)),
                            ("disabled", JSONText.bool(c.disabled)),
                            ("no_ir", JSONText.bool(c.noInitiatingRadiation)),
                            ("radar", JSONText.bool(c.radar)),
                        ])
                    })),
                ])
            })),
        ])
    }

    func json(_ i: WifiInterface) -> String {
        var pairs: [(String, String?)] = [
            ("ifindex", JSONText.number(i.ifindex)),
            ("name", JSONText.string(i.name)),
            ("type", JSONText.string(i.type.name)),
            ("phy", JSONText.number(i.phy)),
            ("mac", JSONText.string(i.mac?.description)),
            ("freq", JSONText.number(i.frequency)),
            ("channel", JSONText.number(i.frequency.flatMap(Channel.number))),
            ("ssid", JSONText.string(networkName(i.ssid))),
            ("mesh_id", JSONText.string(networkName(i.meshID))),
        ]
        if let list = stations[i.ifindex] {
            pairs.append(("stations", JSONText.array(list.map { s in
                JSONText.object([
                    ("mac", JSONText.string(s.mac.description)),
                    ("signal_dbm", JSONText.number(s.signalDBm)),
                    ("tx_bitrate_100kbps", JSONText.number(s.txBitrate100kbps)),
                    ("tx_failed", JSONText.number(s.txFailed)),
                    ("tx_retries", JSONText.number(s.txRetries)),
                    ("rx_packets", JSONText.number(s.rxPackets)),
                    ("tx_packets", JSONText.number(s.txPackets)),
                    ("inactive_ms", JSONText.number(s.inactiveMilliseconds)),
                    ("expected_throughput_kbps", JSONText.number(s.expectedThroughputKbps)),
                ])
            })))
        }
        return JSONText.object(pairs)
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
