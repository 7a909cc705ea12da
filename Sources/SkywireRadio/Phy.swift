/// A wifi radio ("phy", a wiphy in the kernel) and what it can do.
public struct Phy: Sendable, Equatable {
    /// The kernel's wiphy index (`phyN` has index N unless renamed).
    public var index: UInt32
    public var name: String
    /// Interface types the driver supports (NL80211_ATTR_SUPPORTED_IFTYPES).
    public var supportedInterfaceTypes: [InterfaceType]
    /// Which interfaces may run at the same time (NL80211_ATTR_INTERFACE_COMBINATIONS).
    public var combinations: [InterfaceCombination]
    public var bands: [Band]

    public init(index: UInt32, name: String, supportedInterfaceTypes: [InterfaceType] = [],
                combinations: [InterfaceCombination] = [], bands: [Band] = []) {
        self.index = index
        self.name = name
        self.supportedInterfaceTypes = supportedInterfaceTypes
        self.combinations = combinations
        self.bands = bands
    }

    public func supports(_ type: InterfaceType) -> Bool { supportedInterfaceTypes.contains(type) }

    /// Every channel of every band, in band order.
    public var channels: [Channel] { bands.flatMap(\.channels) }
}

/// One valid interface combination: up to `maxInterfaces` interfaces in total, each limit
/// capping how many of its types may exist, on at most `channelCount` distinct channels.
public struct InterfaceCombination: Sendable, Equatable {
    public var limits: [InterfaceLimit]
    public var maxInterfaces: UInt32
    public var channelCount: UInt32

    public init(limits: [InterfaceLimit], maxInterfaces: UInt32, channelCount: UInt32) {
        self.limits = limits
        self.maxInterfaces = maxInterfaces
        self.channelCount = channelCount
    }
}

/// At most `max` interfaces whose type is one of `types`.
public struct InterfaceLimit: Sendable, Equatable {
    public var max: UInt32
    public var types: [InterfaceType]

    public init(max: UInt32, types: [InterfaceType]) {
        self.max = max
        self.types = types
    }
}

/// A frequency band and its channels.
public struct Band: Sendable, Equatable {
    /// The kernel's band number (enum nl80211_band): 0 = 2.4 GHz, 1 = 5 GHz, 2 = 60 GHz,
    /// 3 = 6 GHz, 4 = S1G (900 MHz), 5 = LC.
    public var id: UInt16
    public var channels: [Channel]

    public init(id: UInt16, channels: [Channel]) {
        self.id = id
        self.channels = channels
    }

    public var name: String {
        switch id {
        case 0: return "2.4GHz"
        case 1: return "5GHz"
        case 2: return "60GHz"
        case 3: return "6GHz"
        case 4: return "900MHz"
        case 5: return "LC"
        default: return "band-\(id)"
        }
    }
}

/// A channel as the regulatory domain allows it on this radio.
public struct Channel: Sendable, Equatable {
    /// Centre frequency in MHz.
    public var frequency: UInt32
    /// Not usable at all here.
    public var disabled: Bool
    /// No initiating radiation: may not start an IBSS/mesh or send beacons (passive scan only).
    public var noInitiatingRadiation: Bool
    /// Radar detection (DFS) is required.
    public var radar: Bool

    public init(frequency: UInt32, disabled: Bool = false, noInitiatingRadiation: Bool = false, radar: Bool = false) {
        self.frequency = frequency
        self.disabled = disabled
        self.noInitiatingRadiation = noInitiatingRadiation
        self.radar = radar
    }

    /// The IEEE channel number of `frequency`, for the 2.4, 5 and 6 GHz bands.
    public var number: Int? { Channel.number(frequency: frequency) }

    public static func number(frequency f: UInt32) -> Int? {
        switch f {
        case 2484: return 14
        case 2412...2472: return Int(f - 2407) / 5
        case 5955...7115: return Int(f - 5950) / 5
        case 4910...5895: return Int(f - 5000) / 5
        default: return nil
        }
    }
}
