import SkywireWire

/// Every way a link-state record can be refused by its codec. Decoding never traps.
public enum LinkStateError: Error, Equatable, Sendable {
    /// The bytes do not parse (truncated, trailing bytes, a bad key…).
    case malformed(WireError)
    /// A version this implementation does not speak.
    case unsupportedVersion(UInt8)
    /// A reserved field or flag bit is not zero.
    case reservedBitsSet
    /// More links than `LinkStateRecord.maxLinks`.
    case tooManyLinks(Int)
    /// Neighbours are not in strictly ascending key order (this also rules out duplicates).
    case neighboursNotSorted
    /// A link from the origin to itself.
    case selfLink
    /// A loss figure above 1000 ‰.
    case lossOutOfRange(UInt16)
    /// A lifetime of zero or above `LinkStateRecord.maxLifetimeSeconds`.
    case lifetimeOutOfRange(UInt32)
    /// The BIP-340 signature does not verify against the origin key.
    case badSignature
    /// The signing key is not the private half of the record's origin key.
    case signingKeyMismatch
    /// A local record whose sequence number is not greater than the one already published.
    case sequenceNotNewer(stored: UInt64)
}
