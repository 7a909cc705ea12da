// A decrypted transport payload: FrameReader over any bytes, and each known frame's body decoder
// (ProbeFrame, ProbeEchoFrame, ReceiveReportFrame).
// Properties: the reader ends (each frame consumes at least 3 bytes); an error is only an
// unknown critical type, a truncated header or a length running past the end; skipped unknown
// frames are optional types (≥ 0x80); a body decoder succeeds exactly for its fixed size and
// re-encodes to the same body; a list that reads without error re-encodes with FrameWriter to
// the same bytes up to its padding frame (0x00), after which anything may follow.
import FuzzSupport
import SkywireWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var reader = FrameReader(input)
    var frames: [(type: UInt8, body: [UInt8])] = []
    do {
        while let frame = try reader.next() {
            require(frames.count <= size / 3, "more frames than the payload can hold")
            check(frame)
            frames.append((frame.typeByte, Array(frame.body)))
        }
    } catch {
        switch error {
        case .unknownCriticalFrame(let t):
            require(t < 0x80 && FrameType(rawValue: t) == nil, "refused frame type \(t) as unknown critical")
        case .truncated, .frameOverrun:
            break
        case .bufferTooSmall, .unknownMessageType, .unsupportedVersion, .trailingBytes, .invalidField,
             .invalidPublicKey:
            require(false, "unexpected frame list error \(error)")
        }
        return 0
    }
    var out = [UInt8](repeating: 0, count: size)
    let written: Int = out.withUnsafeMutableBytes { buffer in
        var writer = FrameWriter(buffer)
        for frame in frames {
            do {
                try writer.append(typeByte: frame.type) { (w) throws(WireError) in try w.bytes(frame.body) }
            } catch {
                require(false, "re-encoding a frame list that fits its own payload failed: \(error)")
            }
        }
        return writer.count
    }
    require(out[..<written].elementsEqual(input[..<written]), "frame list re-encodes differently")
    require(written == size || input[written] == FrameType.padding.rawValue, "list ended early without a padding frame")
    return 0
}

private func check(_ frame: RawFrame) {
    guard let type = frame.type else {
        require(frame.typeByte >= 0x80, "unknown critical type \(frame.typeByte) was not refused")
        return
    }
    switch type {
    case .padding:
        require(false, "the reader returned a padding frame")
    case .keepalive:
        break
    case .probe:
        roundTrip(frame.body, size: ProbeFrame.size, ProbeFrame.decode) { f, w throws(WireError) in try f.encode(into: &w) }
    case .probeEcho:
        roundTrip(frame.body, size: ProbeEchoFrame.size, ProbeEchoFrame.decode) { f, w throws(WireError) in try f.encode(into: &w) }
    case .receiveReport:
        roundTrip(frame.body, size: ReceiveReportFrame.size, ReceiveReportFrame.decode) { f, w throws(WireError) in try f.encode(into: &w) }
    case .linkState, .routeSetup, .routeData, .routeTeardown, .receipt:
        break  // bodies decoded by SkywireRouting and SkywireAccounting, not by this module
    }
}

/// `decode` succeeds exactly for `size` bytes, and the value encodes back to the body.
private func roundTrip<F>(
    _ body: UnsafeRawBufferPointer, size: Int,
    _ decode: (UnsafeRawBufferPointer) throws(WireError) -> F,
    _ encode: (F, inout ByteWriter) throws(WireError) -> Void
) {
    let value: F
    do {
        value = try decode(body)
    } catch {
        require(body.count != size, "a \(size)-byte \(F.self) body was refused: \(error)")
        return
    }
    require(body.count == size, "\(F.self) decoded from \(body.count) bytes")
    do {
        let again = try ByteWriter.encode(capacity: size) { (w) throws(WireError) in try encode(value, &w) }
        require(again.elementsEqual(body), "\(F.self) re-encodes differently")
    } catch {
        require(false, "\(F.self) encode failed: \(error)")
    }
}

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    func list(_ build: (inout FrameWriter) throws(WireError) -> Void, padding: Int = 0) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 256)
        let n: Int = out.withUnsafeMutableBytes { buffer in
            var writer = FrameWriter(buffer)
            do { try build(&writer) } catch { require(false, "seed: \(error)") }
            return writer.count
        }
        return Array(out[..<(n + padding)])
    }
    return [
        list { (w) throws(WireError) in try w.append(.keepalive) { (_) throws(WireError) in } },
        list { (w) throws(WireError) in
            try w.append(.probe) { (b) throws(WireError) in try ProbeFrame(id: 7, sentAt: 123_456_789).encode(into: &b) }
            try w.append(.receiveReport) { (b) throws(WireError) in
                try ReceiveReportFrame(packets: 10, bytes: 12_000, highestCounter: 11).encode(into: &b)
            }
        },
        list({ (w) throws(WireError) in
            try w.append(.probeEcho) { (b) throws(WireError) in
                try ProbeEchoFrame(id: 7, sentAt: 123_456_789, holdMicros: 250).encode(into: &b)
            }
            try w.append(typeByte: 0x9c) { (b) throws(WireError) in try b.bytes([1, 2, 3]) }
        }, padding: 16),
    ]
}
