internal import CNetlink

/// Turns nl80211 reply attributes into the public value types. Pure: attributes in, values out.
enum Nl80211Decode {
    static func key(_ a: nl80211_attrs) -> UInt16 { UInt16(truncatingIfNeeded: a.rawValue) }

    // MARK: wiphy (GET_WIPHY, split dump)

    /// Merges one message of a split wiphy dump into `phys`. The kernel splits one wiphy over
    /// several messages, and may split one band's channel list between them.
    static func mergeWiphy(_ attrs: NetlinkAttributes, into phys: inout [Phy]) throws(RadioError) {
        guard let index = try attrs.u32(key(NL80211_ATTR_WIPHY)) else {
            throw .malformedReply("wiphy message without NL80211_ATTR_WIPHY")
        }
        var slot: Int
        if let existing = phys.firstIndex(where: { $0.index == index }) {
            slot = existing
        } else {
            phys.append(Phy(index: index, name: "phy\(index)"))
            slot = phys.count - 1
        }
        if let name = attrs.string(key(NL80211_ATTR_WIPHY_NAME)) { phys[slot].name = name }
        if let types = try attrs.nested(key(NL80211_ATTR_SUPPORTED_IFTYPES)) {
            phys[slot].supportedInterfaceTypes = interfaceTypes(types)
        }
        if let combinations = try attrs.nested(key(NL80211_ATTR_INTERFACE_COMBINATIONS)) {
            for c in combinations.all {
                phys[slot].combinations.append(try combination(NetlinkAttributes(c.value)))
            }
        }
        if let bands = try attrs.nested(key(NL80211_ATTR_WIPHY_BANDS)) {
            for b in bands.all {
                let channels = try bandChannels(NetlinkAttributes(b.value))
                if let i = phys[slot].bands.firstIndex(where: { $0.id == b.type }) {
                    phys[slot].bands[i].channels.append(contentsOf: channels)
                } else {
                    phys[slot].bands.append(Band(id: b.type, channels: channels))
                }
            }
        }
    }

    /// A nested list of flag attributes whose types are interface types.
    static func interfaceTypes(_ attrs: NetlinkAttributes) -> [InterfaceType] {
        attrs.all.map { InterfaceType(kernelValue: UInt32($0.type)) }
    }

    static func combination(_ attrs: NetlinkAttributes) throws(RadioError) -> InterfaceCombination {
        var limits: [InterfaceLimit] = []
        if let list = try attrs.nested(UInt16(NL80211_IFACE_COMB_LIMITS.rawValue)) {
            for l in list.all {
                let limit = try NetlinkAttributes(l.value)
                let types = try limit.nested(UInt16(NL80211_IFACE_LIMIT_TYPES.rawValue)).map(interfaceTypes) ?? []
                limits.append(InterfaceLimit(max: try limit.u32(UInt16(NL80211_IFACE_LIMIT_MAX.rawValue)) ?? 0, types: types))
            }
        }
        return InterfaceCombination(
            limits: limits,
            maxInterfaces: try attrs.u32(UInt16(NL80211_IFACE_COMB_MAXNUM.rawValue)) ?? 0,
            channelCount: try attrs.u32(UInt16(NL80211_IFACE_COMB_NUM_CHANNELS.rawValue)) ?? 0)
    }

    /// The channels in one band's attributes (its other attributes, rates and HT/VHT
    /// capabilities, are not needed yet).
    static func bandChannels(_ band: NetlinkAttributes) throws(RadioError) -> [Channel] {
        guard let freqs = try band.nested(UInt16(NL80211_BAND_ATTR_FREQS.rawValue)) else { return [] }
        var channels: [Channel] = []
        for f in freqs.all {
            let a = try NetlinkAttributes(f.value)
            guard let mhz = try a.u32(UInt16(NL80211_FREQUENCY_ATTR_FREQ.rawValue)) else { continue }
            channels.append(Channel(
                frequency: mhz,
                disabled: a.has(UInt16(NL80211_FREQUENCY_ATTR_DISABLED.rawValue)),
                noInitiatingRadiation: a.has(UInt16(NL80211_FREQUENCY_ATTR_NO_IR.rawValue)),
                radar: a.has(UInt16(NL80211_FREQUENCY_ATTR_RADAR.rawValue))))
        }
        return channels
    }

    // MARK: interfaces (GET_INTERFACE, NEW_INTERFACE reply)

    /// One interface; nil for a wdev without a network device (a P2P device, a NAN interface).
    static func interface(_ attrs: NetlinkAttributes) throws(RadioError) -> WifiInterface? {
        guard let ifindex = try attrs.u32(key(NL80211_ATTR_IFINDEX)) else { return nil }
        return WifiInterface(
            ifindex: ifindex,
            name: attrs.string(key(NL80211_ATTR_IFNAME)) ?? "if\(ifindex)",
            type: InterfaceType(kernelValue: try attrs.u32(key(NL80211_ATTR_IFTYPE)) ?? 0),
            phy: try attrs.u32(key(NL80211_ATTR_WIPHY)) ?? 0,
            mac: try attrs.mac(key(NL80211_ATTR_MAC)),
            frequency: try attrs.u32(key(NL80211_ATTR_WIPHY_FREQ)),
            channelWidth: try attrs.u32(key(NL80211_ATTR_CHANNEL_WIDTH)),
            ssid: attrs.bytes(key(NL80211_ATTR_SSID)),
            meshID: attrs.bytes(key(NL80211_ATTR_MESH_ID)))
    }

    // MARK: scan results (GET_SCAN)

    static let capabilityIBSS: UInt16 = 0x0002
    static let elementSSID: UInt8 = 0
    static let elementMeshID: UInt8 = 114

    static func scanResult(_ attrs: NetlinkAttributes) throws(RadioError) -> ScanResult? {
        guard let bss = try attrs.nested(key(NL80211_ATTR_BSS)) else { return nil }
        guard let bssid = try bss.mac(UInt16(NL80211_BSS_BSSID.rawValue)) else {
            throw .malformedReply("scan result without a BSSID")
        }
        // Probe-response IEs first; beacon IEs when that is all there is.
        let ies = bss.value(UInt16(NL80211_BSS_INFORMATION_ELEMENTS.rawValue))
            ?? bss.value(UInt16(NL80211_BSS_BEACON_IES.rawValue)) ?? []
        let elements = informationElements(ies)
        let capability = try bss.u16(UInt16(NL80211_BSS_CAPABILITY.rawValue)) ?? 0
        return ScanResult(
            bssid: bssid,
            frequency: try bss.u32(UInt16(NL80211_BSS_FREQUENCY.rawValue)) ?? 0,
            signalDBm: try bss.s32(UInt16(NL80211_BSS_SIGNAL_MBM.rawValue)).map { Double($0) / 100 },
            ssid: elements.first(where: { $0.id == elementSSID }).map { Array($0.body) },
            meshID: elements.first(where: { $0.id == elementMeshID }).map { Array($0.body) },
            isIBSS: capability & capabilityIBSS != 0,
            seenMillisecondsAgo: try bss.u32(UInt16(NL80211_BSS_SEEN_MS_AGO.rawValue)))
    }

    /// 802.11 information elements: `id (1) ‖ length (1) ‖ body`. These bytes come from the air,
    /// so a truncated element ends the list instead of failing the scan.
    static func informationElements(_ bytes: ArraySlice<UInt8>) -> [(id: UInt8, body: ArraySlice<UInt8>)] {
        var result: [(id: UInt8, body: ArraySlice<UInt8>)] = []
        var i = bytes.startIndex
        while i + 2 <= bytes.endIndex {
            let id = bytes[i]
            let length = Int(bytes[i + 1])
            guard i + 2 + length <= bytes.endIndex else { break }
            result.append((id, bytes[(i + 2)..<(i + 2 + length)]))
            i += 2 + length
        }
        return result
    }

    // MARK: stations (GET_STATION)

    static func station(_ attrs: NetlinkAttributes) throws(RadioError) -> Station? {
        guard let mac = try attrs.mac(key(NL80211_ATTR_MAC)),
              let info = try attrs.nested(key(NL80211_ATTR_STA_INFO)) else { return nil }
        func k(_ a: nl80211_sta_info) -> UInt16 { UInt16(a.rawValue) }
        var bitrate: UInt32?
        if let rate = try info.nested(k(NL80211_STA_INFO_TX_BITRATE)) {
            let legacy = try rate.u16(UInt16(NL80211_RATE_INFO_BITRATE.rawValue)).map(UInt32.init)
            bitrate = try rate.u32(UInt16(NL80211_RATE_INFO_BITRATE32.rawValue)) ?? legacy
        }
        return Station(
            mac: mac,
            signalDBm: try info.u8(k(NL80211_STA_INFO_SIGNAL)).map { Int8(bitPattern: $0) },
            txBitrate100kbps: bitrate,
            txFailed: try info.u32(k(NL80211_STA_INFO_TX_FAILED)),
            txRetries: try info.u32(k(NL80211_STA_INFO_TX_RETRIES)),
            rxPackets: try info.u32(k(NL80211_STA_INFO_RX_PACKETS)),
            txPackets: try info.u32(k(NL80211_STA_INFO_TX_PACKETS)),
            inactiveMilliseconds: try info.u32(k(NL80211_STA_INFO_INACTIVE_TIME)),
            expectedThroughputKbps: try info.u32(k(NL80211_STA_INFO_EXPECTED_THROUGHPUT)))
    }
}
