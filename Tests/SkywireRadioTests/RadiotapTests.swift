import Testing
@testable import SkywireRadio

@Suite struct RadiotapTests {
    static func parse(_ bytes: [UInt8]) throws -> RadiotapInfo {
        try bytes.withUnsafeBytes { try Radiotap.parse($0) }
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }

    /// A header with the given present words and field bytes; the length is filled in.
    static func header(_ present: [UInt32], _ fields: [UInt8]) -> [UInt8] {
        let body = present.flatMap(le32) + fields
        return [0, 0] + le16(UInt16(4 + body.count)) + body
    }

    @Test func flagsRateChannelSignal() throws {
        // FLAGS, RATE, CHANNEL (2-aligned: offset 10), DBM_ANTSIGNAL, DBM_ANTNOISE.
        let h = Self.header([0b110_1110], [0x10, 0x02] + Self.le16(2412) + Self.le16(0x00A0) + [0xD3, 0xA0])
        let info = try Self.parse(h + [1, 2, 3])
        #expect(info.length == 16)
        #expect(info.flags == 0x10 && info.hasFCS && !info.badFCS)
        #expect(info.rate500kbps == 2)
        #expect(info.frequency == 2412)
        #expect(info.signalDBm == -45)
        #expect(info.noiseDBm == -96)
    }

    @Test func tsftIsEightByteAligned() throws {
        // Two present words (ext bit, then radiotap-namespace word): fields start at 12, TSFT
        // pads to 16; then FLAGS at 24 and the signal at 25.
        let present0: UInt32 = 1 << 0 | 1 << 1 | 1 << 5 | 1 << 29 | 1 << 31
        let present1: UInt32 = 1 << 5
        let fields = [UInt8](repeating: 0, count: 4) + [UInt8](repeating: 0xEE, count: 8) + [0x00, 0xC4, 0xBA]
        let info = try Self.parse(Self.header([present0, present1], fields))
        #expect(info.length == 27)
        #expect(info.signalDBm == -60)  // the first signal field, not the per-antenna one (-70)
    }

    @Test func threeWordsAsIwlwifiSendsThem() throws {
        // word0: TSFT FLAGS RATE CHANNEL SIGNAL RX_FLAGS + radiotap NS + ext; word1 and word2:
        // SIGNAL ANTENNA (+ radiotap NS + ext on word1).
        let w0: UInt32 = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 5 | 1 << 14 | 1 << 29 | 1 << 31
        let w1: UInt32 = 1 << 5 | 1 << 11 | 1 << 29 | 1 << 31
        let w2: UInt32 = 1 << 5 | 1 << 11
        // Fields start at 16 with TSFT (already 8-aligned); 24 flags, 25 rate, 26 channel (4),
        // 30 signal, 31 pad, 32 RX flags (2); 34 signal, 35 antenna; 36 signal, 37 antenna.
        var fields = [UInt8](repeating: 1, count: 8)
        fields += [0x00, 0x0C] + Self.le16(5180) + Self.le16(0x0140) + [0xCE, 0x00] + Self.le16(0)
        fields += [0xCC, 0x00, 0xCF, 0x01]
        let info = try Self.parse(Self.header([w0, w1, w2], fields))
        #expect(info.length == 38)
        #expect(info.frequency == 5180)
        #expect(info.rate500kbps == 12)
        #expect(info.signalDBm == -50)
    }

    @Test func vendorNamespaceIsSkipped() throws {
        // word0: FLAGS + vendor NS + ext; word1 (vendor): bit 0; word2 after vendor + radiotap NS…
        // Here: word0 FLAGS | vendor-next | ext, word1 (vendor namespace) bit 0 | radiotap-next | ext,
        // word2 (radiotap again) SIGNAL.
        let w0: UInt32 = 1 << 1 | 1 << 30 | 1 << 31
        let w1: UInt32 = 1 << 0 | 1 << 29 | 1 << 31
        let w2: UInt32 = 1 << 5
        // Fields at 20: flags; pad to 22; vendor header OUI(3) subns(1) skip=3; 3 vendor bytes;
        // then the signal at 31.
        let fields: [UInt8] = [0x00, 0x00, 0x00, 0x11, 0x22, 0x00] + Self.le16(3) + [9, 9, 9, 0xB5]
        let info = try Self.parse(Self.header([w0, w1, w2], fields))
        #expect(info.flags == 0)
        #expect(info.signalDBm == -75)
    }

    @Test func unknownFieldStopsQuietly() throws {
        // FLAGS then bit 28 (TLVs): parsing stops after FLAGS; the length still holds.
        let info = try Self.parse(Self.header([1 << 1 | 1 << 28 | 1 << 5], [0x40, 0, 0, 0, 0xAA, 0xBB]))
        #expect(info.badFCS)
        #expect(info.length == 14)
    }

    @Test func errors() {
        #expect(throws: WifiFrameError.radiotapTruncated(available: 7)) { try Self.parse([0, 0, 8, 0, 0, 0, 0]) }
        #expect(throws: WifiFrameError.radiotapVersion(1)) { try Self.parse([1, 0, 8, 0, 0, 0, 0, 0]) }
        #expect(throws: WifiFrameError.radiotapLength(9, available: 8)) { try Self.parse([0, 0, 9, 0, 0, 0, 0, 0]) }
        #expect(throws: WifiFrameError.radiotapLength(4, available: 8)) { try Self.parse([0, 0, 4, 0, 0, 0, 0, 0]) }
        // The ext bit promises a second present word that is not there.
        #expect(throws: WifiFrameError.radiotapPresentTruncated) { try Self.parse(Self.header([1 << 31], [])) }
        // CHANNEL needs 4 bytes; only 2 are left in the header.
        #expect(throws: WifiFrameError.radiotapFieldTruncated(bit: 3)) { try Self.parse(Self.header([1 << 3], [0, 0])) }
        // Vendor skip length runs past the end.
        #expect(throws: WifiFrameError.radiotapFieldTruncated(bit: 30)) {
            try Self.parse(Self.header([1 << 30], [0, 0, 0, 0] + Self.le16(50)))
        }
    }

    @Test func everyTruncationOfARealHeaderIsAnError() {
        let h = Self.header([0b110_1110], [0x10, 0x02] + Self.le16(2412) + Self.le16(0x00A0) + [0xD3, 0xA0])
        for cut in 0..<h.count {
            #expect(throws: WifiFrameError.self) { try Self.parse(Array(h.prefix(cut))) }
        }
    }

    @Test func transmitHeaderParsesBack() throws {
        var out = [UInt8](repeating: 0xFF, count: 12)
        out.withUnsafeMutableBytes { _ = Radiotap.writeTransmitHeader(into: $0, rate500kbps: 12, noAck: true) }
        let info = try Self.parse(out)
        #expect(info.length == 12 && info.flags == 0 && info.rate500kbps == 12 && info.txFlags == Radiotap.txFlagNoAck)
        out.withUnsafeMutableBytes { _ = Radiotap.writeTransmitHeader(into: $0, noAck: false) }
        let plain = try Self.parse(out)
        #expect(plain.length == 12 && plain.rate500kbps == nil && plain.txFlags == 0)
    }
}
