import Glibc
import SkywireCrypto

/// Receipts on disk: append-only segment files under one directory, with a bounded total size.
///
/// Files are `receipts-<16 hex digits>.seg` (``ReceiptSegmentFormat``), numbered upwards. A new
/// segment starts when the current one would pass ``Limits/segmentBytes``; before an append would
/// take the total past ``Limits/maximumBytes``, the oldest segments are deleted, so the newest
/// receipts are always kept and the bound always holds. Each append is one `write` to a file
/// opened with O_APPEND, followed by `fdatasync` (unless `synchronous` is off): after a crash a
/// segment holds whole records and at most one partial record at its end.
///
/// Opening loads and verifies everything: a partial or invalid tail is cut off (and reported in
/// ``loadReport``), a segment without a valid header is deleted; neither stops the node. Receipts
/// are kept in memory too (bounded like the files) for queries.
public final class ReceiptStore {
    public struct Limits: Equatable, Sendable {
        /// The most bytes all segment files together may hold.
        public var maximumBytes: Int
        /// The most bytes one segment file may hold (at most half of `maximumBytes`).
        public var segmentBytes: Int

        public init(maximumBytes: Int = 1 << 20, segmentBytes: Int = 128 << 10) {
            self.maximumBytes = maximumBytes
            self.segmentBytes = segmentBytes
        }
    }

    private struct Segment {
        let number: UInt64
        let path: String
        var size: Int
        var receipts: [Receipt]
    }

    private struct Pair: Hashable {
        let receiver: PublicKey
        let sender: PublicKey
    }

    /// Where the agent keeps receipts unless configured otherwise.
    public static let defaultDirectory = "/var/lib/skywire/receipts"

    public let directory: String
    public let limits: Limits
    public let synchronous: Bool
    /// What opening found and repaired.
    public private(set) var loadReport = ReceiptLoadReport()
    private var segments: [Segment]
    private var latest: [Pair: Receipt] = [:]

    /// Opens (creating it if needed, mode 0700) the store in `directory`.
    public init(directory: String, limits: Limits = Limits(), synchronous: Bool = true) throws(ReceiptStoreError) {
        let minimumSegment = ReceiptSegmentFormat.headerSize + ReceiptSegmentFormat.recordSize
        guard limits.segmentBytes >= minimumSegment, limits.maximumBytes >= 2 * limits.segmentBytes else {
            throw .invalidLimits(maximumBytes: limits.maximumBytes, segmentBytes: limits.segmentBytes)
        }
        self.directory = directory
        self.limits = limits
        self.synchronous = synchronous
        try AccountingFile.makeDirectories(directory)
        var report = ReceiptLoadReport()
        segments = try Self.loadSegments(in: directory, limits: limits, report: &report)
        for segment in segments {
            for receipt in segment.receipts {
                let pair = Pair(receiver: receipt.claim.receiver, sender: receipt.claim.sender)
                let status = ReceiptChain.check(receipt, after: latest[pair])
                if !ReceiptChain.isContinuous(status) { report.chainBreaks.append((receipt.claim.sequence, status)) }
                latest[pair] = receipt
            }
        }
        while totalBytes > limits.maximumBytes, segments.count > 1 {
            try deleteOldestSegment()
            report.segmentsDropped += 1
        }
        report.segments = segments.count
        report.receipts = segments.reduce(0) { $0 + $1.receipts.count }
        loadReport = report
    }

    /// Bytes in all segment files.
    public var totalBytes: Int { segments.reduce(0) { $0 + $1.size } }
    /// Receipts held.
    public var count: Int { segments.reduce(0) { $0 + $1.receipts.count } }
    /// Segment files held.
    public var segmentCount: Int { segments.count }

    /// Every receipt, oldest first.
    public var all: [Receipt] { segments.flatMap(\.receipts) }

    /// Receipts that `neighbour` signed or is the sender of, oldest first.
    public func receipts(involving neighbour: PublicKey) -> [Receipt] {
        all.filter { $0.claim.receiver == neighbour || $0.claim.sender == neighbour }
    }

    /// Receipts about traffic from `sender` to `receiver`, oldest first.
    public func receipts(from sender: PublicKey, to receiver: PublicKey) -> [Receipt] {
        all.filter { $0.claim.sender == sender && $0.claim.receiver == receiver }
    }

    /// The newest receipt of each (receiver, sender) pair (kept even after its segment rotated out).
    public var latestPerPair: [Receipt] {
        latest.values.sorted { ($0.claim.receiver, $0.claim.sender) < ($1.claim.receiver, $1.claim.sender) }
    }

    /// The newest receipt about traffic from `sender` to `receiver`.
    public func latest(from sender: PublicKey, to receiver: PublicKey) -> Receipt? {
        latest[Pair(receiver: receiver, sender: sender)]
    }

    /// Appends `receipt` (already verified: it is a `Receipt`) and returns how it continues
    /// its pair's chain. The receipt is stored whatever the status; the caller decides what a
    /// gap or a fork means.
    @discardableResult
    public func append(_ receipt: Receipt) throws(ReceiptStoreError) -> ReceiptChainStatus {
        let record = ReceiptSegmentFormat.record(receipt)
        if segments.isEmpty || segments[segments.count - 1].size + record.count > limits.segmentBytes {
            try startSegment()
        }
        while totalBytes + record.count > limits.maximumBytes, segments.count > 1 {
            try deleteOldestSegment()
        }
        let index = segments.count - 1
        let path = segments[index].path
        let fd = try AccountingFile.open(path, O_WRONLY | O_APPEND)
        defer { AccountingFile.close(fd) }
        do throws(ReceiptStoreError) {
            try AccountingFile.writeAll(fd, record, path: path)
            if synchronous { try AccountingFile.sync(fd, path: path) }
        } catch {
            // Leave no partial record behind.
            _ = ftruncate(fd, off_t(segments[index].size))
            throw error
        }
        segments[index].size += record.count
        segments[index].receipts.append(receipt)
        let pair = Pair(receiver: receipt.claim.receiver, sender: receipt.claim.sender)
        let status = ReceiptChain.check(receipt, after: latest[pair])
        latest[pair] = receipt
        return status
    }

    // MARK: Segments

    private static let prefix = "receipts-"
    private static let suffix = ".seg"

    private static func number(ofFile name: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count == 16 else { return nil }
        return UInt64(digits, radix: 16)
    }

    private func path(of number: UInt64) -> String {
        let hex = String(number, radix: 16)
        return directory + "/" + Self.prefix + String(repeating: "0", count: 16 - hex.count) + hex + Self.suffix
    }

    private static func loadSegments(
        in directory: String, limits: Limits, report: inout ReceiptLoadReport
    ) throws(ReceiptStoreError) -> [Segment] {
        let numbered = try AccountingFile.names(in: directory).compactMap { name in
            number(ofFile: name).map { ($0, name) }
        }.sorted { $0.0 < $1.0 }
        var segments: [Segment] = []
        for (number, name) in numbered {
            let path = directory + "/" + name
            let bytes = try AccountingFile.readAll(path, limit: limits.maximumBytes)
            let (receipts, validLength, problem) = ReceiptSegmentFormat.parse(bytes)
            if let problem {
                if validLength < ReceiptSegmentFormat.headerSize {
                    try AccountingFile.remove(path)
                    try AccountingFile.syncDirectory(directory)
                    report.repairs.append(.removed(file: name, problem: problem))
                    continue
                }
                try AccountingFile.truncate(path, to: validLength)
                report.repairs.append(.truncated(
                    file: name, keptBytes: validLength, droppedBytes: bytes.count - validLength, problem: problem))
            }
            segments.append(Segment(number: number, path: path, size: validLength, receipts: receipts))
        }
        return segments
    }

    /// Creates the next segment file with its header (O_EXCL; fsynced with its directory).
    private func startSegment() throws(ReceiptStoreError) {
        let number = (segments.last?.number ?? 0) + 1
        let path = path(of: number)
        let fd = try AccountingFile.open(path, O_WRONLY | O_CREAT | O_EXCL)
        defer { AccountingFile.close(fd) }
        do throws(ReceiptStoreError) {
            try AccountingFile.writeAll(fd, ReceiptSegmentFormat.header, path: path)
            try AccountingFile.sync(fd, path: path)
            try AccountingFile.syncDirectory(directory)
        } catch {
            _ = unlink(path)
            throw error
        }
        segments.append(Segment(number: number, path: path, size: ReceiptSegmentFormat.headerSize, receipts: []))
    }

    private func deleteOldestSegment() throws(ReceiptStoreError) {
        let oldest = segments.removeFirst()
        try AccountingFile.remove(oldest.path)
        try AccountingFile.syncDirectory(directory)
    }
}
