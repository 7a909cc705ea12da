/// An nl80211 interface type (`enum nl80211_iftype`).
public enum InterfaceType: Hashable, Sendable, CustomStringConvertible {
    case unspecified
    /// Ad-hoc (IBSS).
    case ibss
    /// Managed (a station that associates with an access point).
    case station
    case accessPoint
    case accessPointVLAN
    case wds
    case monitor
    /// 802.11s mesh point.
    case meshPoint
    case p2pClient
    case p2pGroupOwner
    case p2pDevice
    /// Outside the context of a BSS (802.11p).
    case ocb
    case nan
    /// A type this program does not know (a newer kernel).
    case unknown(UInt32)

    /// From the kernel's number (NL80211_IFTYPE_*).
    public init(kernelValue v: UInt32) {
        switch v {
        case 0: self = .unspecified
        case 1: self = .ibss
        case 2: self = .station
        case 3: self = .accessPoint
        case 4: self = .accessPointVLAN
        case 5: self = .wds
        case 6: self = .monitor
        case 7: self = .meshPoint
        case 8: self = .p2pClient
        case 9: self = .p2pGroupOwner
        case 10: self = .p2pDevice
        case 11: self = .ocb
        case 12: self = .nan
        default: self = .unknown(v)
        }
    }

    /// The kernel's number (NL80211_IFTYPE_*).
    public var kernelValue: UInt32 {
        switch self {
        case .unspecified: return 0
        case .ibss: return 1
        case .station: return 2
        case .accessPoint: return 3
        case .accessPointVLAN: return 4
        case .wds: return 5
        case .monitor: return 6
        case .meshPoint: return 7
        case .p2pClient: return 8
        case .p2pGroupOwner: return 9
        case .p2pDevice: return 10
        case .ocb: return 11
        case .nan: return 12
        case .unknown(let v): return v
        }
    }

    /// A short lowercase name, as used in `skywire radios` output and accepted on its command line.
    public var name: String {
        switch self {
        case .unspecified: return "unspecified"
        case .ibss: return "ibss"
        case .station: return "station"
        case .accessPoint: return "ap"
        case .accessPointVLAN: return "ap-vlan"
        case .wds: return "wds"
        case .monitor: return "monitor"
        case .meshPoint: return "mesh"
        case .p2pClient: return "p2p-client"
        case .p2pGroupOwner: return "p2p-go"
        case .p2pDevice: return "p2p-device"
        case .ocb: return "ocb"
        case .nan: return "nan"
        case .unknown(let v): return "type-\(v)"
        }
    }

    /// The inverse of `name` for the types a user may ask for.
    public init?(name: String) {
        switch name.lowercased() {
        case "ibss", "adhoc", "ad-hoc": self = .ibss
        case "station", "managed": self = .station
        case "monitor": self = .monitor
        case "mesh", "mesh-point", "mp": self = .meshPoint
        case "ap": self = .accessPoint
        case "ocb": self = .ocb
        default: return nil
        }
    }

    public var description: String { name }
}
