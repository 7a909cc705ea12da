import SkywireCrypto

/// Writes big-endian fields into a borrowed mutable buffer, checking space before each write.
public struct ByteWriter {
    public let buffer: UnsafeMutableRawBufferPointer
    public private(set) var offset: Int = 0

    public init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    public var remaining: Int { buffer.count - offset }

    /// The bytes written so far.
    public var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<offset]) }

    @inline(__always)
    mutating func need(_ n: Int) throws(WireError) {
        guard n <= remaining else { throw .bufferTooSmall(needed: n, remaining: remaining) }
    }

    public mutating func u8(_ v: UInt8) throws(WireError) {
        try need(1)
        buffer[offset] = v
        offset += 1
    }

    public mutating func u16(_ v: UInt16) throws(WireError) {
        try need(2)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: offset, as: UInt16.self)
        offset += 2
    }

    public mutating func u32(_ v: UInt32) throws(WireError) {
        try need(4)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
    }

    public mutating func u64(_ v: UInt64) throws(WireError) {
        try need(8)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: offset, as: UInt64.self)
        offset += 8
    }

    public mutating func bytes(_ b: UnsafeRawBufferPointer) throws(WireError) {
        try need(b.count)
        if let src = b.baseAddress, b.count > 0 {
            (buffer.baseAddress! + offset).copyMemory(from: src, byteCount: b.count)
        }
        offset += b.count
    }

    public mutating func bytes(_ b: [UInt8]) throws(WireError) {
        let r: Result<Void, WireError> = b.withUnsafeBytes { raw in
            Result { () throws(WireError) in try bytes(raw) }
        }
        try r.get()
    }

    public mutating func zeros(_ n: Int) throws(WireError) {
        try need(n)
        (buffer.baseAddress! + offset).initializeMemory(as: UInt8.self, repeating: 0, count: n)
        offset += n
    }

    public mutating func publicKey(_ key: PublicKey) throws(WireError) {
        try need(PublicKey.byteCount)
        key.write(to: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + PublicKey.byteCount]))
        offset += PublicKey.byteCount
    }

    /// Reserves `n` bytes to fill in later (e.g. a length or a signature) and returns their offset.
    public mutating func reserve(_ n: Int) throws(WireError) -> Int {
        try need(n)
        defer { offset += n }
        return offset
    }
}

extension ByteWriter {
    /// Encodes into a fresh array (for control-plane messages and tests; never on the packet path).
    public static func encode(capacity: Int, _ body: (inout ByteWriter) throws(WireError) -> Void) throws(WireError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: capacity)
        let n: Result<Int, WireError> = out.withUnsafeMutableBytes { raw in
            var w = ByteWriter(raw)
            return Result { () throws(WireError) in try body(&w); return w.offset }
        }
        out.removeLast(capacity - (try n.get()))
        return out
    }
}
