import Glibc

/// Why the receipt store could not be opened or written.
public enum ReceiptStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file operation failed.
    case system(path: String, operation: String, errno: Int32)
    /// Limits that cannot hold: the segment must fit a record, and the total at least 2 segments.
    case invalidLimits(maximumBytes: Int, segmentBytes: Int)

    public var description: String {
        switch self {
        case .system(let path, let operation, let code):
            "\(path): \(operation): \(String(cString: strerror(code)))"
        case .invalidLimits(let maximum, let segment):
            "receipt store limits \(maximum) / \(segment) bytes: need segment ≥ \(ReceiptSegmentFormat.headerSize + ReceiptSegmentFormat.recordSize) and total ≥ 2 segments"
        }
    }
}

/// What was wrong with the part of a segment file that was cut off at load.
public enum ReceiptRecordProblem: Equatable, Sendable {
    /// The file does not start with the segment header.
    case badHeader
    /// The file ends in the middle of a record (an interrupted append).
    case partialRecord(bytes: Int)
    /// A record length other than a receipt's.
    case badLength(Int)
    /// A record that is not a valid signed receipt.
    case invalidReceipt(ReceiptError)
}

/// Something the store repaired while loading; loading never fails on file content.
public enum ReceiptStoreRepair: Equatable, Sendable {
    /// The segment was cut back to its last good record.
    case truncated(file: String, keptBytes: Int, droppedBytes: Int, problem: ReceiptRecordProblem)
    /// The segment held nothing usable (no valid header) and was deleted.
    case removed(file: String, problem: ReceiptRecordProblem)
}

/// What loading found.
public struct ReceiptLoadReport: Equatable, Sendable {
    public var segments = 0
    public var receipts = 0
    public var repairs: [ReceiptStoreRepair] = []
    /// Receipts that do not continue their pair's chain (gaps, forks, duplicates), by position.
    public var chainBreaks: [(sequence: UInt64, status: ReceiptChainStatus)] = []
    /// Whole segments deleted at load to respect a lowered size bound.
    public var segmentsDropped = 0

    public static func == (a: ReceiptLoadReport, b: ReceiptLoadReport) -> Bool {
        a.segments == b.segments && a.receipts == b.receipts && a.repairs == b.repairs
            && a.chainBreaks.map(\.sequence) == b.chainBreaks.map(\.sequence)
            && a.chainBreaks.map(\.status) == b.chainBreaks.map(\.status) && a.segmentsDropped == b.segmentsDropped
    }
}
