import SkywireCrypto

/// The receiving side: turns its own count of what a neighbour sent it into a chain of signed
/// receipts (sans-IO: the caller passes the ledger's counts and the wall-clock time).
///
/// The issuer remembers the last receipt; each new receipt covers what the ledger counted since
/// the previous one. A ledger that restarted from zero (agent restart) is handled: its counts
/// start a new baseline, and the running totals carried by the chain continue.
public struct ReceiptIssuer: Sendable {
    public let receiver: PublicKey
    public let sender: PublicKey
    /// The last receipt issued (nil before the first).
    public private(set) var last: Receipt?
    private var baselineBytes: UInt64
    private var baselinePackets: UInt64
    private var periodStart: UInt64

    /// A new chain for `sender` → `receiver`, starting at `now` (Unix seconds), with the
    /// ledger's current received counts as the baseline.
    public init(receiver: PublicKey, sender: PublicKey, now: UInt64, ledgerBytes: UInt64 = 0, ledgerPackets: UInt64 = 0) {
        self.receiver = receiver
        self.sender = sender
        last = nil
        baselineBytes = ledgerBytes
        baselinePackets = ledgerPackets
        periodStart = now
    }

    /// Continues the chain after `last` (e.g. loaded from the store after a restart).
    public init(continuing last: Receipt, now: UInt64, ledgerBytes: UInt64 = 0, ledgerPackets: UInt64 = 0) {
        receiver = last.claim.receiver
        sender = last.claim.sender
        self.last = last
        baselineBytes = ledgerBytes
        baselinePackets = ledgerPackets
        periodStart = max(now, last.claim.periodEnd)
    }

    /// Signs the receipt for the period since the last one. `ledgerBytes`/`ledgerPackets` are the
    /// ledger's cumulative received counts from `sender` now; `key` is the receiver's key.
    public mutating func issue(
        now: UInt64, ledgerBytes: UInt64, ledgerPackets: UInt64, key: PrivateKey
    ) throws(ReceiptError) -> Receipt {
        // A ledger below its baseline was reset: everything it holds is new.
        let bytes = ledgerBytes >= baselineBytes ? ledgerBytes - baselineBytes : ledgerBytes
        let packets = ledgerPackets >= baselinePackets ? ledgerPackets - baselinePackets : ledgerPackets
        let previousTotals = (last?.claim.totalBytes ?? 0, last?.claim.totalPackets ?? 0)
        let (totalBytes, overflowBytes) = previousTotals.0.addingReportingOverflow(bytes)
        let (totalPackets, overflowPackets) = previousTotals.1.addingReportingOverflow(packets)
        guard !overflowBytes, !overflowPackets else { throw .inconsistent("running total overflow") }
        let claim = ReceiptClaim(
            receiver: receiver, sender: sender, sequence: (last?.claim.sequence ?? 0) + 1,
            periodStart: periodStart, periodEnd: max(now, periodStart), bytes: bytes, packets: packets,
            totalBytes: totalBytes, totalPackets: totalPackets,
            previousHash: last?.hash ?? [UInt8](repeating: 0, count: 32))
        let receipt = try Receipt(signing: claim, with: key)
        last = receipt
        baselineBytes = ledgerBytes
        baselinePackets = ledgerPackets
        periodStart = claim.periodEnd
        return receipt
    }
}
