/// The skywire wifi frame (docs/protocol.md "Wifi frames"): an 802.11 data frame with ToDS = FromDS = 0,
/// address 3 = the skywire BSSID, an LLC/SNAP header with ethertype 0x88B5 (IEEE "local
/// experimental"), a 4-byte fragment header, then a piece of one link-protocol datagram.
///
/// 802.11 fields are little-endian (frame control, duration, sequence control); the fragment
/// header is big-endian like the rest of the skywire protocol.
public enum WifiFrame {
    /// 02:53:4B:59:57:01: locally administered unicast, "SKYW", format version 1.
    public static let bssid = MACAddress(rawValue: 0x02_53_4B_59_57_01)
    /// IEEE 802 "local experimental ethertype 1".
    public static let etherType: UInt16 = 0x88B5
    /// Frame control: type data (2), subtype 0, no flags.
    public static let frameControl: UInt16 = 0x0008

    public static let macHeaderLength = 24
    public static let snapLength = 8
    public static let fragmentHeaderLength = 4
    /// 802.11 MAC header + LLC/SNAP + fragment header: 36 bytes before the payload.
    public static let overhead = macHeaderLength + snapLength + fragmentHeaderLength
    /// 802.11's largest MSDU (2304) less SNAP and the fragment header.
    public static let maxFragmentPayload = 2304 - snapLength - fragmentHeaderLength
    /// The default fragment payload, 1466: the injected packet (12-byte transmit radiotap
    /// header + 36 + payload) is then 1514 bytes, the most Linux's packet socket sends on a
    /// monitor interface with the default 1500-byte MTU (MTU + a 14-byte link header).
    public static let defaultFragmentPayload = 1500 + 14 - Radiotap.transmitHeaderLength - overhead
    public static let maxFragments = 16

    static let snap: [UInt8] = [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x88, 0xB5]

    /// How many fragments a datagram of `length` bytes needs; nil if empty or above 16.
    public static func fragmentCount(datagramLength length: Int, fragmentPayload: Int = defaultFragmentPayload) -> Int? {
        guard length > 0, fragmentPayload > 0 else { return nil }
        let count = (length + fragmentPayload - 1) / fragmentPayload
        return count <= maxFragments ? count : nil
    }

    /// Writes one frame (without radiotap) into `out` and returns its length. `out` must hold
    /// `overhead + payload.count` bytes.
    @discardableResult
    public static func encode(into out: UnsafeMutableRawBufferPointer, receiver: MACAddress, transmitter: MACAddress,
                              sequenceNumber: UInt16, fragment: FragmentHeader, payload: UnsafeRawBufferPointer) -> Int {
        let total = overhead + payload.count
        precondition(out.count >= total, "wifi frame output buffer too small")
        Radiotap.putLE16(out, 0, frameControl)
        Radiotap.putLE16(out, 2, 0)  // duration: filled in by the hardware where it matters
        receiver.write(into: out, at: 4)
        transmitter.write(into: out, at: 10)
        bssid.write(into: out, at: 16)
        Radiotap.putLE16(out, 22, (sequenceNumber & 0x0FFF) << 4)  // fragment number 0
        for (i, b) in snap.enumerated() { out[macHeaderLength + i] = b }
        let f = macHeaderLength + snapLength
        out[f] = UInt8(truncatingIfNeeded: fragment.datagramID >> 8)
        out[f + 1] = UInt8(truncatingIfNeeded: fragment.datagramID)
        out[f + 2] = fragment.index
        out[f + 3] = fragment.count
        if !payload.isEmpty, let src = payload.baseAddress, let dst = out.baseAddress {
            (dst + overhead).copyMemory(from: src, byteCount: payload.count)
        }
        return total
    }

    /// Decodes one 802.11 frame (no radiotap, no FCS). The payload is a view into `frame`.
    public static func decode(_ frame: UnsafeRawBufferPointer) throws(WifiFrameError) -> DecodedWifiFrame {
        guard frame.count >= macHeaderLength else {
            throw .truncated(part: "802.11 header", needed: macHeaderLength, available: frame.count)
        }
        let fc = Radiotap.le16(frame, 0)
        // Version 0, type data, subtype 0; ToDS, FromDS and Protected clear. Retry, power
        // management and more-data may be set by the hardware.
        guard fc & 0x00FF == frameControl, fc & 0x4300 == 0 else { throw .notSkywireDataFrame(frameControl: fc) }
        let bssidField = MACAddress(frame, at: 16)
        guard bssidField == bssid else { throw .foreignBSSID(bssidField) }
        let rest = frame.count - macHeaderLength
        guard rest >= snapLength else { throw .truncated(part: "LLC/SNAP header", needed: snapLength, available: rest) }
        for (i, b) in snap.enumerated() where frame[macHeaderLength + i] != b { throw .foreignPayload }
        let f = macHeaderLength + snapLength
        guard frame.count - f >= fragmentHeaderLength else {
            throw .truncated(part: "fragment header", needed: fragmentHeaderLength, available: frame.count - f)
        }
        let fragment = FragmentHeader(
            datagramID: UInt16(frame[f]) << 8 | UInt16(frame[f + 1]), index: frame[f + 2], count: frame[f + 3])
        guard fragment.count >= 1, Int(fragment.count) <= maxFragments, fragment.index < fragment.count else {
            throw .badFragment(index: fragment.index, count: fragment.count)
        }
        guard frame.count > overhead else { throw .emptyFragment }
        return DecodedWifiFrame(
            receiver: MACAddress(frame, at: 4),
            transmitter: MACAddress(frame, at: 10),
            sequenceNumber: Radiotap.le16(frame, 22) >> 4,
            retry: fc & 0x0800 != 0,
            fragment: fragment,
            payload: UnsafeRawBufferPointer(rebasing: frame[overhead...]))
    }

    /// Decodes a captured packet: radiotap header, then the frame, then the FCS if the radiotap
    /// flags say one is there. Frames that failed the FCS check are refused.
    public static func decodeCaptured(_ packet: UnsafeRawBufferPointer) throws(WifiFrameError) -> (radio: RadiotapInfo, frame: DecodedWifiFrame) {
        let radio = try Radiotap.parse(packet)
        if radio.badFCS { throw .badFCS }
        var end = packet.count
        if radio.hasFCS {
            guard end - radio.length >= 4 else { throw .truncated(part: "FCS", needed: 4, available: end - radio.length) }
            end -= 4
        }
        let frame = try decode(UnsafeRawBufferPointer(rebasing: packet[radio.length..<end]))
        return (radio, frame)
    }
}

/// The skywire fragment header: `datagram id (2) ‖ index (1) ‖ count (1)`.
public struct FragmentHeader: Equatable, Sendable {
    /// Chosen by the sender, the same for every fragment of one datagram (a wrapping counter).
    public var datagramID: UInt16
    /// 0 ..< count.
    public var index: UInt8
    /// 1 ... 16; 1 for an unfragmented datagram.
    public var count: UInt8

    public init(datagramID: UInt16, index: UInt8, count: UInt8) {
        self.datagramID = datagramID
        self.index = index
        self.count = count
    }
}

/// A decoded skywire frame; `payload` borrows the captured bytes.
public struct DecodedWifiFrame {
    public var receiver: MACAddress
    public var transmitter: MACAddress
    /// The 12-bit 802.11 sequence number.
    public var sequenceNumber: UInt16
    /// The hardware's retry bit (a retransmission of a unicast frame).
    public var retry: Bool
    public var fragment: FragmentHeader
    public var payload: UnsafeRawBufferPointer
}
