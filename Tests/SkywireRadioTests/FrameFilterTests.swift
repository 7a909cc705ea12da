import Testing
@testable import SkywireRadio

@Suite struct FrameFilterTests {
    static let own = MACAddress(text: "06:bb:00:00:00:02")!

    static func passes(_ packet: [UInt8]) throws -> Bool {
        try packet.withUnsafeBytes { try FrameFilter.matches(ownAddress: own, packet: $0) }
    }

    @Test func passesOurFramesOnly() throws {
        #expect(try Self.passes(WifiFrameTests.packet()))  // broadcast from alice
        #expect(try Self.passes(WifiFrameTests.packet(to: Self.own)))  // unicast to us
        #expect(try !Self.passes(WifiFrameTests.packet(to: WifiFrameTests.alice)))  // unicast to someone else
        #expect(try !Self.passes(WifiFrameTests.packet(from: Self.own)))  // our own, echoed back
        var beacon = WifiFrameTests.packet()
        beacon[12] = 0x80
        #expect(try !Self.passes(beacon))
        var otherBSSID = WifiFrameTests.packet()
        otherBSSID[33] = 0x02
        #expect(try !Self.passes(otherBSSID))
        var ipv4 = WifiFrameTests.packet()
        ipv4[42] = 0x08
        ipv4[43] = 0x00
        #expect(try !Self.passes(ipv4))
        #expect(try !Self.passes(Array(WifiFrameTests.packet().prefix(40))))
    }

    @Test func skipsARadiotapHeaderOfAnyLength() throws {
        // A 16-byte radiotap header (flags, rate, channel, signal, noise) instead of 12 bytes.
        let frame = Array(WifiFrameTests.packet().dropFirst(Radiotap.transmitHeaderLength))
        let radiotap: [UInt8] = [0, 0, 16, 0, 0b110_1110, 0, 0, 0, 0, 2, 0x6C, 0x09, 0xA0, 0, 0xD3, 0xA0]
        #expect(try Self.passes(radiotap + frame))
    }

    @Test func expressionIsReadable() {
        let e = FrameFilter.expression(ownAddress: Self.own)
        #expect(e.contains("wlan[16:4] == 0x02534b59 and wlan[20:2] == 0x5701"))
        #expect(e.contains("not (wlan[10:4] == 0x06bb0000 and wlan[14:2] == 0x0002)"))
    }
}
