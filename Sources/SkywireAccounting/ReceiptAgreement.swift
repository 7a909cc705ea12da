/// Whether the sender's count and the receiver's receipt agree (docs/protocol.md §11.3).
public enum ByteCountAgreement: Equatable, Sendable {
    /// Within the tolerance.
    case agrees
    /// The receiver reports fewer bytes than the sender sent, beyond the tolerance (loss, or an
    /// under-reporting receiver).
    case receiverCountedLess(shortfall: UInt64)
    /// The receiver reports more than the sender sent, beyond the tolerance (a counting error on
    /// one side; never explained by loss).
    case receiverCountedMore(excess: UInt64)

    /// Compares `sent` (the sender's own ledger) with `received` (the receipts). They agree when
    /// they differ by at most `tolerancePercent` % of the larger, or by at most `slackBytes`
    /// (for tiny volumes, where a single packet in flight is more than 1 %).
    public static func compare(
        sent: UInt64, received: UInt64, tolerancePercent: UInt64 = 1, slackBytes: UInt64 = 0
    ) -> ByteCountAgreement {
        let larger = max(sent, received)
        let difference = larger - min(sent, received)
        // difference ≤ larger · p / 100, computed without overflow.
        let allowed = max(larger / 100 * tolerancePercent + (larger % 100) * tolerancePercent / 100, slackBytes)
        if difference <= allowed { return .agrees }
        return sent > received ? .receiverCountedLess(shortfall: difference) : .receiverCountedMore(excess: difference)
    }
}

/// The sending side: checks each receipt a neighbour returns against the sender's own ledger
/// (sans-IO). Counts are compared from a baseline (the first receipt seen, or sequence 1 from
/// zero), as running totals, so the bytes in flight at a period's edge do not accumulate.
public struct ReceiptReconciler: Sendable {
    /// The outcome for one receipt.
    public struct Result: Equatable, Sendable {
        public let chain: ReceiptChainStatus
        /// Bytes the sender counted since the baseline, and bytes the receipts acknowledge.
        public let sent: UInt64
        public let received: UInt64
        public let agreement: ByteCountAgreement
    }

    public let tolerancePercent: UInt64
    public let slackBytes: UInt64
    public private(set) var last: Receipt?
    private var baselineSent: UInt64 = 0
    private var baselineReceived: UInt64 = 0
    private var hasBaseline = false

    public init(tolerancePercent: UInt64 = 1, slackBytes: UInt64 = 0) {
        self.tolerancePercent = tolerancePercent
        self.slackBytes = slackBytes
    }

    /// Checks `receipt` given `sentBytes`, the sender's ledger count of bytes sent to the
    /// receiver so far (the same ledger since the chain's sequence 1, or since the baseline).
    public mutating func reconcile(_ receipt: Receipt, sentBytes: UInt64) -> Result {
        let chain = ReceiptChain.check(receipt, after: last)
        if !hasBaseline {
            hasBaseline = true
            if receipt.claim.sequence == 1 {
                baselineSent = 0
                baselineReceived = 0
            } else {
                // Joined mid-chain: this receipt only sets the baseline.
                baselineSent = sentBytes
                baselineReceived = receipt.claim.totalBytes
            }
        }
        switch chain {
        case .first, .extends, .unanchored, .gap, .broken: last = receipt
        case .duplicate: break
        }
        let sent = sentBytes >= baselineSent ? sentBytes - baselineSent : 0
        let received = receipt.claim.totalBytes >= baselineReceived ? receipt.claim.totalBytes - baselineReceived : 0
        return Result(chain: chain, sent: sent, received: received,
                      agreement: .compare(sent: sent, received: received,
                                          tolerancePercent: tolerancePercent, slackBytes: slackBytes))
    }
}
