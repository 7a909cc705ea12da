/// A wifi network interface (a "wdev" with a netdev), as nl80211 reports it.
public struct WifiInterface: Sendable, Equatable {
    public var ifindex: UInt32
    public var name: String
    public var type: InterfaceType
    /// The wiphy index of the radio the interface belongs to.
    public var phy: UInt32
    public var mac: MACAddress?
    /// Operating frequency in MHz, when the interface is on a channel.
    public var frequency: UInt32?
    /// NL80211_CHAN_WIDTH_* (0 = 20 MHz no HT, 1 = 20, 2 = 40, 3 = 80, ...), when on a channel.
    public var channelWidth: UInt32?
    /// The SSID of the joined IBSS (or associated network), when the kernel reports one.
    public var ssid: [UInt8]?
    /// The mesh ID of the joined 802.11s mesh, when the kernel reports one.
    public var meshID: [UInt8]?

    public init(ifindex: UInt32, name: String, type: InterfaceType, phy: UInt32, mac: MACAddress? = nil,
                frequency: UInt32? = nil, channelWidth: UInt32? = nil, ssid: [UInt8]? = nil, meshID: [UInt8]? = nil) {
        self.ifindex = ifindex
        self.name = name
        self.type = type
        self.phy = phy
        self.mac = mac
        self.frequency = frequency
        self.channelWidth = channelWidth
        self.ssid = ssid
        self.meshID = meshID
    }
}

/// A network heard in a scan.
public struct ScanResult: Sendable, Equatable {
    public var bssid: MACAddress
    public var frequency: UInt32
    /// Signal strength in dBm, when the driver measures it in mBm.
    public var signalDBm: Double?
    public var ssid: [UInt8]?
    /// The mesh ID information element (802.11s).
    public var meshID: [UInt8]?
    /// The IBSS bit of the capability field: an ad-hoc network.
    public var isIBSS: Bool
    /// How long ago the BSS was last seen, in milliseconds.
    public var seenMillisecondsAgo: UInt32?

    public init(bssid: MACAddress, frequency: UInt32, signalDBm: Double? = nil, ssid: [UInt8]? = nil,
                meshID: [UInt8]? = nil, isIBSS: Bool = false, seenMillisecondsAgo: UInt32? = nil) {
        self.bssid = bssid
        self.frequency = frequency
        self.signalDBm = signalDBm
        self.ssid = ssid
        self.meshID = meshID
        self.isIBSS = isIBSS
        self.seenMillisecondsAgo = seenMillisecondsAgo
    }
}

/// A peer station the kernel keeps state for (an IBSS or mesh neighbour, or the AP).
public struct Station: Sendable, Equatable {
    public var mac: MACAddress
    /// Last signal in dBm.
    public var signalDBm: Int8?
    /// Current transmit bitrate in units of 100 kbit/s.
    public var txBitrate100kbps: UInt32?
    public var txFailed: UInt32?
    public var txRetries: UInt32?
    public var rxPackets: UInt32?
    public var txPackets: UInt32?
    public var inactiveMilliseconds: UInt32?
    /// The driver's expected throughput in kbit/s (what batman-adv V uses as its metric).
    public var expectedThroughputKbps: UInt32?

    public init(mac: MACAddress, signalDBm: Int8? = nil, txBitrate100kbps: UInt32? = nil, txFailed: UInt32? = nil,
                txRetries: UInt32? = nil, rxPackets: UInt32? = nil, txPackets: UInt32? = nil,
                inactiveMilliseconds: UInt32? = nil, expectedThroughputKbps: UInt32? = nil) {
        self.mac = mac
        self.signalDBm = signalDBm
        self.txBitrate100kbps = txBitrate100kbps
        self.txFailed = txFailed
        self.txRetries = txRetries
        self.rxPackets = rxPackets
        self.txPackets = txPackets
        self.inactiveMilliseconds = inactiveMilliseconds
        self.expectedThroughputKbps = expectedThroughputKbps
    }
}
