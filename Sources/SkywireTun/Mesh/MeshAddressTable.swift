import SkywireCrypto
import SkywireIO

/// Resolves mesh addresses (``MeshAddress``) back to node keys, from the keys the node has
/// learned (sans-IO; the node layer feeds it from link-state records and sessions).
///
/// Two known keys with the same address make that address **ambiguous**: it then resolves to
/// neither key (traffic to it is refused with "unreachable"), never to whichever key came first,
/// so a key made to collide with another cannot capture its traffic. The keys stay reachable by
/// key; the ambiguity ends when one of them is removed.
public struct MeshAddressTable: Sendable {
    /// What an address resolves to.
    public enum Resolution: Equatable, Sendable {
        case node(PublicKey)
        case ambiguous([PublicKey])
        case unknown
    }

    /// What ``insert(_:)`` found.
    public enum InsertResult: Equatable, Sendable {
        case added
        case alreadyKnown
        /// The key was added, but its address is also that of these other keys.
        case collision(with: [PublicKey])
    }

    private var keysByAddress: [IPv6Address: [PublicKey]] = [:]
    private let addressOf: @Sendable (PublicKey) -> IPv6Address

    public init() { addressOf = MeshAddress.address(for:) }

    /// A table with another key → address function (tests make collisions with it).
    init(addressOf: @escaping @Sendable (PublicKey) -> IPv6Address) { self.addressOf = addressOf }

    /// How many addresses are known (ambiguous ones count once).
    public var count: Int { keysByAddress.count }

    /// Learns `key`.
    @discardableResult
    public mutating func insert(_ key: PublicKey) -> InsertResult {
        let address = addressOf(key)
        var keys = keysByAddress[address] ?? []
        if keys.contains(key) { return .alreadyKnown }
        let others = keys
        keys.append(key)
        keysByAddress[address] = keys
        return others.isEmpty ? .added : .collision(with: others)
    }

    /// Forgets `key`.
    public mutating func remove(_ key: PublicKey) {
        let address = addressOf(key)
        guard var keys = keysByAddress[address] else { return }
        keys.removeAll { $0 == key }
        keysByAddress[address] = keys.isEmpty ? nil : keys
    }

    /// The key `address` belongs to.
    public func resolve(_ address: IPv6Address) -> Resolution {
        guard let keys = keysByAddress[address] else { return .unknown }
        return keys.count == 1 ? .node(keys[0]) : .ambiguous(keys.sorted())
    }
}
