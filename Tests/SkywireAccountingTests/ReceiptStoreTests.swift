import Foundation
import Testing
import SkywireCrypto
@testable import SkywireAccounting

@Suite struct ReceiptStoreTests {
    let limits = ReceiptStore.Limits(maximumBytes: 16 * 1024, segmentBytes: 4 * 1024)

    @Test func appendsAndReloads() throws {
        let directory = TemporaryDirectory()
        var chain = ChainMaker()
        let store = try ReceiptStore(directory: directory.path, limits: limits)
        var written: [Receipt] = []
        for _ in 0..<10 {
            let receipt = try chain.next()
            written.append(receipt)
            #expect(try store.append(receipt) == (written.count == 1 ? .first : .extends))
        }
        let reopened = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(reopened.all == written)
        #expect(reopened.loadReport == ReceiptLoadReport(segments: 1, receipts: 10))
        #expect(reopened.receipts(involving: chain.sender).count == 10)
        #expect(reopened.receipts(from: chain.sender, to: chain.receiverKey.publicKey).count == 10)
        #expect(reopened.receipts(involving: PrivateKey.generate().publicKey).isEmpty)
        #expect(reopened.latest(from: chain.sender, to: chain.receiverKey.publicKey) == written.last)
        #expect(reopened.totalBytes == directory.totalSize())
    }

    @Test func sizeBoundHoldsAndNewestAreKept() throws {
        let directory = TemporaryDirectory()
        var chains = [ChainMaker(), ChainMaker(), ChainMaker()]
        let store = try ReceiptStore(directory: directory.path, limits: limits, synchronous: false)
        var written: [Receipt] = []
        for round in 0..<600 {
            let receipt = try chains[round % 3].next()
            written.append(receipt)
            try store.append(receipt)
            #expect(store.totalBytes <= limits.maximumBytes)
            #expect(directory.totalSize() == store.totalBytes)
        }
        #expect(directory.totalSize() <= limits.maximumBytes)
        // The newest receipts are the ones kept, in order, with no hole.
        let kept = store.all
        #expect(kept.count > 40)
        #expect(kept == Array(written.suffix(kept.count)))
        let reopened = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(reopened.all == kept)
        #expect(reopened.loadReport.chainBreaks.isEmpty)  // the oldest kept are unanchored, not breaks
        #expect(reopened.loadReport.repairs.isEmpty)
        // A lower bound at the next start drops the oldest segments.
        let smaller = ReceiptStore.Limits(maximumBytes: 8 * 1024, segmentBytes: 4 * 1024)
        let shrunk = try ReceiptStore(directory: directory.path, limits: smaller)
        #expect(shrunk.totalBytes <= smaller.maximumBytes)
        #expect(shrunk.all == Array(kept.suffix(shrunk.count)))
        #expect(shrunk.loadReport.segmentsDropped > 0)
    }

    @Test func corruptTailsAreCutOff() throws {
        let directory = TemporaryDirectory()
        var chain = ChainMaker()
        let store = try ReceiptStore(directory: directory.path, limits: limits)
        var written: [Receipt] = []
        for _ in 0..<5 {
            written.append(try chain.next())
            try store.append(written.last!)
        }
        let name = try #require(directory.files().first)
        let path = directory.path + "/" + name
        let goodSize = directory.size(of: name)

        // An interrupted append: half a record at the end.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(ReceiptSegmentFormat.record(try chain.next()).prefix(100)))
        handle.closeFile()
        let afterCrash = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(afterCrash.all == written)
        #expect(afterCrash.loadReport.repairs == [.truncated(file: name, keptBytes: goodSize, droppedBytes: 100,
                                                             problem: .partialRecord(bytes: 100))])
        #expect(directory.size(of: name) == goodSize)

        // A flipped bit inside the last record: that record goes, the others stay.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 70] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let afterFlip = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(afterFlip.all == Array(written.prefix(4)))
        #expect(afterFlip.loadReport.repairs == [.truncated(file: name, keptBytes: goodSize - ReceiptSegmentFormat.recordSize,
                                                            droppedBytes: ReceiptSegmentFormat.recordSize,
                                                            problem: .invalidReceipt(.badSignature))])

        // A segment without a valid header is removed; files that are not segments are left alone.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory.path + "/receipts-00000000000000ff.seg"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: directory.path + "/README"))
        let afterGarbage = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(afterGarbage.loadReport.repairs == [.removed(file: "receipts-00000000000000ff.seg", problem: .badHeader)])
        #expect(directory.files() == ["README", name])
        // Appending continues the chain after the repaired tail.
        #expect(try afterGarbage.append(try Receipt(decoding: written[4].encoded)) == .extends)
    }

    @Test func chainBreaksAreReportedAtLoad() throws {
        let directory = TemporaryDirectory()
        var chain = ChainMaker()
        let store = try ReceiptStore(directory: directory.path, limits: limits)
        try store.append(try chain.next())
        _ = try chain.next()  // never stored: a deleted receipt
        #expect(try store.append(try chain.next()) == .gap(expected: 2, got: 3))
        let reopened = try ReceiptStore(directory: directory.path, limits: limits)
        #expect(reopened.loadReport.chainBreaks.map(\.status) == [.gap(expected: 2, got: 3)])
    }

    @Test func limitsAreChecked() {
        #expect(throws: ReceiptStoreError.invalidLimits(maximumBytes: 1000, segmentBytes: 600)) {
            try ReceiptStore(directory: "/tmp/unused", limits: .init(maximumBytes: 1000, segmentBytes: 600))
        }
        #expect(throws: ReceiptStoreError.self) {
            try ReceiptStore(directory: "/proc/skywire-no-such-dir", limits: .init())
        }
    }
}
