import Testing
@testable import SkywireRadio

/// Attribute numbers from <linux/nl80211.h>, written out so a mix-up in the decoder shows.
@Suite struct Nl80211DecodeTests {
    static func channel(_ mhz: UInt32, disabled: Bool = false) -> [UInt8] {
        NL.nest(0, [NL.u32(1, mhz)] + (disabled ? [NL.flag(2)] : []))
    }

    @Test func mergesASplitWiphyDump() throws {
        // Message 1: name, iftypes, one combination, band 0 with channels 1 and 2.
        let m1 = try NetlinkAttributes(Array(NL.message([
            NL.u32(1, 0), NL.string(2, "phy0"),
            NL.nest(32, [NL.flag(1), NL.flag(2), NL.flag(6), NL.flag(7)]),
            NL.nest(120, [NL.nest(1, [
                NL.nest(1, [NL.nest(1, [NL.u32(1, 2048), NL.nest(2, [NL.flag(1), NL.flag(7)])])]),
                NL.u32(2, 2048), NL.u32(4, 1),
            ])]),
            NL.nest(22, [NL.nest(0, [NL.nest(1, [Self.channel(2412), Self.channel(2417)])])]),
        ]).dropFirst(20))[...])
        // Message 2: the rest of band 0 (one disabled channel), then band 1.
        let m2 = try NetlinkAttributes(Array(NL.message([
            NL.u32(1, 0), NL.string(2, "phy0"),
            NL.nest(22, [
                NL.nest(0, [NL.nest(1, [Self.channel(2484, disabled: true)])]),
                NL.nest(1, [NL.nest(1, [Self.channel(5180)])]),
            ]),
        ]).dropFirst(20))[...])
        var phys: [Phy] = []
        try Nl80211Decode.mergeWiphy(m1, into: &phys)
        try Nl80211Decode.mergeWiphy(m2, into: &phys)
        #expect(phys.count == 1)
        let p = phys[0]
        #expect(p.name == "phy0")
        #expect(p.supportedInterfaceTypes == [.ibss, .station, .monitor, .meshPoint])
        #expect(p.combinations == [InterfaceCombination(
            limits: [InterfaceLimit(max: 2048, types: [.ibss, .meshPoint])], maxInterfaces: 2048, channelCount: 1)])
        #expect(p.bands.map(\.name) == ["2.4GHz", "5GHz"])
        #expect(p.bands[0].channels.map(\.frequency) == [2412, 2417, 2484])
        #expect(p.bands[0].channels.map(\.number) == [1, 2, 14])
        #expect(p.bands[0].channels[2].disabled)
        #expect(p.bands[1].channels.map(\.number) == [36])
    }

    @Test func wiphyWithoutIndexIsMalformed() throws {
        let attrs = try NetlinkAttributes(NL.string(2, "phy0")[...])
        var phys: [Phy] = []
        #expect(throws: RadioError.self) { try Nl80211Decode.mergeWiphy(attrs, into: &phys) }
    }

    @Test func decodesAnInterface() throws {
        let attrs = try NetlinkAttributes((
            NL.u32(3, 4) + NL.string(4, "wlan0") + NL.u32(5, 1) + NL.u32(1, 0)
            + NL.attr(6, [2, 0, 0, 0, 0, 0]) + NL.u32(38, 2412) + NL.u32(159, 0) + NL.attr(52, Array("skywire".utf8))
        )[...])
        let i = try #require(try Nl80211Decode.interface(attrs))
        #expect(i == WifiInterface(ifindex: 4, name: "wlan0", type: .ibss, phy: 0, mac: MACAddress(text: "02:00:00:00:00:00"),
                                   frequency: 2412, channelWidth: 0, ssid: Array("skywire".utf8)))
        // A wdev without a netdev has no ifindex: skipped.
        #expect(try Nl80211Decode.interface(NetlinkAttributes(NL.u32(5, 10)[...])) == nil)
    }

    @Test func decodesScanResultsWithInformationElements() throws {
        let ies: [UInt8] = [0, 3] + Array("net".utf8) + [1, 1, 0x82] + [114, 4] + Array("mesh".utf8) + [221, 9, 1]  // last one truncated
        let attrs = try NetlinkAttributes(NL.nest(47, [
            NL.attr(1, [2, 1, 2, 3, 4, 5]), NL.u32(2, 2437), NL.u16(5, 0x0002), NL.attr(6, ies),
            NL.s32(7, -4500), NL.u32(10, 120),
        ])[...])
        let r = try #require(try Nl80211Decode.scanResult(attrs))
        #expect(r.bssid == MACAddress(text: "02:01:02:03:04:05"))
        #expect(r.frequency == 2437)
        #expect(r.signalDBm == -45)
        #expect(r.ssid == Array("net".utf8))
        #expect(r.meshID == Array("mesh".utf8))
        #expect(r.isIBSS)
        #expect(r.seenMillisecondsAgo == 120)
    }

    @Test func decodesAStation() throws {
        let attrs = try NetlinkAttributes((NL.attr(6, [2, 0, 0, 0, 1, 0]) + NL.nest(21, [
            NL.u32(1, 30), NL.u8(7, UInt8(bitPattern: -42)), NL.nest(8, [NL.u16(1, 540)]),
            NL.u32(9, 11), NL.u32(10, 12), NL.u32(11, 3), NL.u32(12, 1), NL.u32(27, 20000),
        ]))[...])
        let s = try #require(try Nl80211Decode.station(attrs))
        #expect(s == Station(mac: MACAddress(text: "02:00:00:00:01:00")!, signalDBm: -42, txBitrate100kbps: 540, txFailed: 1,
                             txRetries: 3, rxPackets: 11, txPackets: 12, inactiveMilliseconds: 30, expectedThroughputKbps: 20000))
    }

    @Test func inventoryJSONAndText() throws {
        let phy = Phy(index: 0, name: "phy0", supportedInterfaceTypes: [.ibss, .monitor],
                      bands: [Band(id: 0, channels: [Channel(frequency: 2412)])])
        let wlan = WifiInterface(ifindex: 3, name: "wlan0", type: .ibss, phy: 0, mac: MACAddress(rawValue: 0x0200_0000_0000),
                                 frequency: 2412, ssid: Array("sky\"wire".utf8))
        let inventory = RadioInventory(phys: [phy], interfaces: [wlan], stations: [3: [Station(mac: .broadcast, signalDBm: -30)]])
        let json = inventory.json
        #expect(json.hasPrefix("{\"phys\":[{\"index\":0,\"name\":\"phy0\",\"interface_types\":[\"ibss\",\"monitor\"]"))
        #expect(json.contains("\"ssid\":\"sky\\\"wire\""))
        #expect(json.contains("\"channel\":1"))
        #expect(json.contains("\"signal_dbm\":-30"))
        #expect(inventory.text.contains("wlan0: phy0 ibss 2412 MHz (channel 1) mac 02:00:00:00:00:00 ssid \"sky\"wire\""))
    }
}
