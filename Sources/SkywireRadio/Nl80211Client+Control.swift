internal import CNetlink

extension Nl80211Client {
    /// Creates a network interface of `type` on phy `phy` (NEW_INTERFACE). A monitor interface
    /// gets the "other BSS" flag (frames of every network, as wfb-ng does).
    public func createInterface(phy: UInt32, name: String, type: InterfaceType) throws(RadioError) -> WifiInterface {
        let op = "create \(type) interface \(name) on phy \(phy)"
        guard !name.isEmpty, name.utf8.count < 16 else { throw .invalidArgument("\(op): interface names have 1 to 15 bytes") }
        let r = try request(NL80211_CMD_NEW_INTERFACE, operation: op)
        try r.u32(Self.key(NL80211_ATTR_WIPHY), phy)
        try r.string(Self.key(NL80211_ATTR_IFNAME), name)
        try r.u32(Self.key(NL80211_ATTR_IFTYPE), type.kernelValue)
        if type == .monitor {
            try r.nested(Self.key(NL80211_ATTR_MNTR_FLAGS)) { () throws(RadioError) in
                try r.flag(UInt16(NL80211_MNTR_FLAG_OTHER_BSS.rawValue))
            }
        }
        for attrs in try run(r, operation: op) {
            if let i = try Nl80211Decode.interface(attrs) { return i }
        }
        // Older kernels acknowledge without echoing the interface.
        return try interface(ifindex: try ifindex(named: name))
    }

    /// Creates a monitor interface on a phy (the frame path of `MonitorCapture`).
    public func createMonitor(phy: UInt32, name: String) throws(RadioError) -> WifiInterface {
        try createInterface(phy: phy, name: name, type: .monitor)
    }

    /// Deletes an interface (DEL_INTERFACE).
    public func deleteInterface(ifindex: UInt32) throws(RadioError) {
        let op = "delete interface \(ifindex)"
        let r = try request(NL80211_CMD_DEL_INTERFACE, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        _ = try run(r, operation: op)
    }

    /// Changes an interface's type (SET_INTERFACE), e.g. to `.ibss` or `.meshPoint`.
    public func setInterfaceType(ifindex: UInt32, _ type: InterfaceType) throws(RadioError) {
        let op = "set interface \(ifindex) type \(type)"
        let r = try request(NL80211_CMD_SET_INTERFACE, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        try r.u32(Self.key(NL80211_ATTR_IFTYPE), type.kernelValue)
        _ = try run(r, operation: op)
    }

    /// Tunes the interface's radio to a 20 MHz channel (SET_WIPHY with a frequency). Works on a
    /// monitor interface that is alone on its phy; an IBSS or mesh sets its channel on joining.
    public func setFrequency(ifindex: UInt32, megahertz: UInt32) throws(RadioError) {
        let op = "set interface \(ifindex) to \(megahertz) MHz"
        let r = try request(NL80211_CMD_SET_WIPHY, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        try putChannel(r, megahertz)
        _ = try run(r, operation: op)
    }

    /// A 20 MHz channel without HT: the simplest definition every driver accepts.
    func putChannel(_ r: NetlinkRequest, _ megahertz: UInt32) throws(RadioError) {
        try r.u32(Self.key(NL80211_ATTR_WIPHY_FREQ), megahertz)
        try r.u32(Self.key(NL80211_ATTR_CHANNEL_WIDTH), NL80211_CHAN_WIDTH_20_NOHT.rawValue)
        try r.u32(Self.key(NL80211_ATTR_CENTER_FREQ1), megahertz)
    }

    /// Joins (or creates) an IBSS (JOIN_IBSS). The interface must be of type `.ibss` and up.
    /// `fixedFrequency` keeps the IBSS on this channel instead of following a merge; `bssid`
    /// fixes the BSSID instead of letting the first node pick one at random.
    public func joinIBSS(ifindex: UInt32, ssid: [UInt8], megahertz: UInt32,
                         fixedFrequency: Bool = true, bssid: MACAddress? = nil) throws(RadioError) {
        let op = "join IBSS on interface \(ifindex)"
        guard (1...32).contains(ssid.count) else { throw .invalidArgument("\(op): an SSID has 1 to 32 bytes") }
        let r = try request(NL80211_CMD_JOIN_IBSS, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        try r.bytes(Self.key(NL80211_ATTR_SSID), ssid)
        try putChannel(r, megahertz)
        if fixedFrequency { try r.flag(Self.key(NL80211_ATTR_FREQ_FIXED)) }
        if let bssid { try r.bytes(Self.key(NL80211_ATTR_MAC), bssid.bytes) }
        _ = try run(r, operation: op)
    }

    /// Leaves the IBSS (LEAVE_IBSS).
    public func leaveIBSS(ifindex: UInt32) throws(RadioError) {
        let op = "leave IBSS on interface \(ifindex)"
        let r = try request(NL80211_CMD_LEAVE_IBSS, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        _ = try run(r, operation: op)
    }

    /// Joins an 802.11s mesh (JOIN_MESH). The interface must be of type `.meshPoint` and up.
    /// Mesh forwarding (HWMP path selection) is off unless `forwarding`: skywire routes itself
    /// and uses the mesh only as a link layer, as Gluon and LibreMesh do.
    public func joinMesh(ifindex: UInt32, meshID: [UInt8], megahertz: UInt32, forwarding: Bool = false) throws(RadioError) {
        let op = "join mesh on interface \(ifindex)"
        guard (1...32).contains(meshID.count) else { throw .invalidArgument("\(op): a mesh ID has 1 to 32 bytes") }
        let r = try request(NL80211_CMD_JOIN_MESH, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        try r.bytes(Self.key(NL80211_ATTR_MESH_ID), meshID)
        try putChannel(r, megahertz)
        try r.nested(Self.key(NL80211_ATTR_MESH_CONFIG)) { () throws(RadioError) in
            try r.u8(UInt16(NL80211_MESHCONF_FORWARDING.rawValue), forwarding ? 1 : 0)
        }
        _ = try run(r, operation: op)
    }

    /// Leaves the mesh (LEAVE_MESH).
    public func leaveMesh(ifindex: UInt32) throws(RadioError) {
        let op = "leave mesh on interface \(ifindex)"
        let r = try request(NL80211_CMD_LEAVE_MESH, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        _ = try run(r, operation: op)
    }

    /// The transmitter address for frames injected on a monitor interface: the MAC of a running
    /// IBSS, mesh or station interface on the same phy, else the monitor's own MAC.
    ///
    /// mac80211 drivers with channel contexts (mac80211_hwsim, iwlwifi) silently drop an
    /// injected frame unless its address 2 belongs to a running non-monitor interface of the
    /// phy, whose channel it then uses (docs/wifi.md).
    public func transmitterAddress(monitor ifindex: UInt32) throws(RadioError) -> MACAddress {
        let all = try interfaces()
        guard let monitor = all.first(where: { $0.ifindex == ifindex }) else {
            throw .noSuchDevice(operation: "find interface \(ifindex)")
        }
        let joined = all.first { $0.phy == monitor.phy && [.ibss, .meshPoint, .station].contains($0.type) && $0.mac != nil }
        guard let mac = joined?.mac ?? monitor.mac else {
            throw .invalidArgument("interface \(monitor.name) has no MAC address")
        }
        return mac
    }
}
