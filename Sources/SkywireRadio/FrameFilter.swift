internal import CPcap

/// The BPF filter that lets only skywire frames through a monitor interface (docs/protocol.md
/// "Wifi frames"), so the kernel drops everything else before it is copied to user space.
///
/// Offsets are into the 802.11 header (`wlan[...]`; libpcap skips the radiotap header, whatever
/// its length). It passes a frame when: frame control is data/subtype 0 with ToDS, FromDS and
/// Protected clear; address 3 is the skywire BSSID; LLC/SNAP is `AA AA 03 00 00 00 88 B5`;
/// address 1 is broadcast or our address; and address 2 (the transmitter) is not our address,
/// which drops our own injected frames that the kernel reports back to monitor interfaces.
public enum FrameFilter {
    public static func expression(ownAddress own: MACAddress) -> String {
        let b = WifiFrame.bssid.rawValue
        let ownHigh = hex32(UInt32(truncatingIfNeeded: own.rawValue >> 16))
        let ownLow = hex16(UInt16(truncatingIfNeeded: own.rawValue))
        return [
            "wlan[0] == 0x08 and wlan[1] & 0x43 == 0",
            "wlan[16:4] == \(hex32(UInt32(truncatingIfNeeded: b >> 16))) and wlan[20:2] == \(hex16(UInt16(truncatingIfNeeded: b)))",
            "wlan[24:4] == 0xaaaa0300 and wlan[28:4] == 0x000088b5",
            "((wlan[4:4] == 0xffffffff and wlan[8:2] == 0xffff) or (wlan[4:4] == \(ownHigh) and wlan[8:2] == \(ownLow)))",
            "not (wlan[10:4] == \(ownHigh) and wlan[14:2] == \(ownLow))",
        ].joined(separator: " and ")
    }

    static func hex32(_ v: UInt32) -> String { hex(UInt64(v), digits: 8) }
    static func hex16(_ v: UInt16) -> String { hex(UInt64(v), digits: 4) }
    static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// Whether the filter for `ownAddress` passes `packet` (radiotap + 802.11), run by libpcap's
    /// BPF interpreter exactly as the kernel would run it.
    public static func matches(ownAddress: MACAddress, packet: UnsafeRawBufferPointer) throws(RadioError) -> Bool {
        let program = try CompiledFilter(expression: expression(ownAddress: ownAddress))
        return program.matches(packet)
    }
}

/// A BPF program compiled for DLT_IEEE802_11_RADIO (freed on deinit).
final class CompiledFilter {
    var program = bpf_program()

    init(expression: String) throws(RadioError) {
        guard let dead = pcap_open_dead(DLT_IEEE802_11_RADIO, 65535) else {
            throw .capture(operation: "compile filter", message: "pcap_open_dead failed")
        }
        defer { pcap_close(dead) }
        guard pcap_compile(dead, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw .capture(operation: "compile filter '\(expression)'", message: String(cString: pcap_geterr(dead)))
        }
    }

    deinit { pcap_freecode(&program) }

    func matches(_ packet: UnsafeRawBufferPointer) -> Bool {
        var header = pcap_pkthdr()
        header.caplen = UInt32(packet.count)
        header.len = UInt32(packet.count)
        guard let base = packet.baseAddress else { return false }
        return pcap_offline_filter(&program, &header, base.assumingMemoryBound(to: UInt8.self)) != 0
    }
}
