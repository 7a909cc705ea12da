/// How a receipt relates to the one before it from the same receiver about the same sender.
public enum ReceiptChainStatus: Equatable, Sendable {
    /// The pair's first receipt (sequence 1).
    case first
    /// Exactly the next one: sequence + 1, the previous hash matches, totals add up.
    case extends
    /// No earlier receipt of this pair is known and this one is not sequence 1 (e.g. the older
    /// ones were rotated out of a bounded store); nothing to check against.
    case unanchored
    /// Receipts are missing (a deleted or withheld receipt): the sequence jumped.
    case gap(expected: UInt64, got: UInt64)
    /// The sequence follows, but the previous hash or the running totals do not: the chain forked.
    case broken
    /// The same sequence number again (a replay or a duplicate store entry).
    case duplicate
}

/// Checks a receipt against its predecessor (sans-IO).
public enum ReceiptChain {
    /// The status of `receipt` given the pair's latest known receipt `previous` (nil: none).
    public static func check(_ receipt: Receipt, after previous: Receipt?) -> ReceiptChainStatus {
        let claim = receipt.claim
        guard let previous else { return claim.sequence == 1 ? .first : .unanchored }
        let before = previous.claim
        guard before.receiver == claim.receiver, before.sender == claim.sender else { return .broken }
        if claim.sequence <= before.sequence { return .duplicate }
        if claim.sequence != before.sequence + 1 { return .gap(expected: before.sequence + 1, got: claim.sequence) }
        let (bytes, bytesOverflow) = before.totalBytes.addingReportingOverflow(claim.bytes)
        let (packets, packetsOverflow) = before.totalPackets.addingReportingOverflow(claim.packets)
        guard claim.previousHash == previous.hash, !bytesOverflow, !packetsOverflow,
              bytes == claim.totalBytes, packets == claim.totalPackets
        else { return .broken }
        return .extends
    }

    /// True for a status that is a normal continuation (first, extends or unanchored).
    public static func isContinuous(_ status: ReceiptChainStatus) -> Bool {
        switch status {
        case .first, .extends, .unanchored: true
        case .gap, .broken, .duplicate: false
        }
    }
}
