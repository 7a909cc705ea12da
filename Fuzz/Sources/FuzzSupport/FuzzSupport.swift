import Glibc
import SkywireCrypto

/// Stops the fuzzer when a property of a decoder does not hold. `abort()` raises SIGABRT, which
/// libFuzzer reports as a crash and for which it writes the input to its artefact directory.
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    guard !condition() else { return }
    printError("PROPERTY FAILED (\(file):\(line)): \(message())")
    abort()
}

/// A cursor over the fuzzer's input that never fails: reads past the end give zeros / fewer bytes,
/// so a harness can carve parameters (mode, lengths, times) out of any input.
public struct FuzzInput {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = UnsafeRawBufferPointer(start: data, count: size)
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func u16() -> UInt16 { UInt16(byte()) << 8 | UInt16(byte()) }
    public mutating func u32() -> UInt32 { UInt32(u16()) << 16 | UInt32(u16()) }
    public mutating func u64() -> UInt64 { UInt64(u32()) << 32 | UInt64(u32()) }

    /// Up to `count` bytes (fewer at the end of the input).
    public mutating func take(_ count: Int) -> [UInt8] {
        let n = max(0, min(count, remaining))
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] { take(remaining) }
}

/// Fixed keys, so that seeds made once stay valid (deterministic, never used outside fuzzing).
public enum TestKeys {
    public static func privateKey(_ fill: UInt8) -> PrivateKey {
        do { return try PrivateKey(bytes: [UInt8](repeating: fill, count: PrivateKey.byteCount)) } catch {
            fatalError("fixed test key \(fill) is not a valid scalar")
        }
    }

    public static func symmetricKey(_ fill: UInt8) -> SymmetricKey {
        do { return try SymmetricKey(copying: [UInt8](repeating: fill, count: SymmetricKey.byteCount)) } catch {
            fatalError("fixed symmetric key")
        }
    }

    /// Signs beacons; the initiator and responder of link handshakes, and their ephemerals.
    public static let beacon = privateKey(0x11)
    public static let initiator = privateKey(0x21)
    public static let responder = privateKey(0x22)
    public static let initiatorEphemeral = privateKey(0x31)
    public static let responderEphemeral = privateKey(0x32)
}

/// Byte-wise equality of two keys (test harness only; not constant time).
public func sameKey(_ a: SymmetricKey, _ b: SymmetricKey) -> Bool {
    a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
}

/// ASCII lower case (the decoders only accept ASCII where case matters).
public func asciiLowercased(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    bytes.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
}

/// Seed mode: a harness's `main` calls this first with a maker of valid example inputs. When
/// `SKYWIRE_FUZZ_WRITE_SEEDS` names a directory, they are written there as `seed-NN` and the
/// process exits; otherwise nothing happens. `scripts/fuzz --seeds` regenerates `Fuzz/Corpus/`.
public func writeSeedsIfAsked(_ make: () -> [[UInt8]]) {
    guard let dir = getenv("SKYWIRE_FUZZ_WRITE_SEEDS") else { return }
    let directory = String(cString: dir)
    for (i, seed) in make().enumerated() {
        let path = directory + "/seed-" + (i < 10 ? "0" : "") + String(i)
        guard let f = fopen(path, "wb") else {
            printError("cannot write \(path)")
            exit(1)
        }
        _ = seed.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }
    exit(0)
}

/// The C type of libFuzzer's `argv` (`char ***`).
typealias FuzzArgv = UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>

/// Writes a line to standard error (unbuffered, so it is out before an abort).
public func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`): parses the command line,
/// runs the fuzzing loop with `callback` and exits.
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: FuzzArgv,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer over `callback` with this process's arguments and exits with its status.
///
/// Harnesses start libFuzzer from their own `@main` instead of linking libFuzzer's `main`:
/// SwiftPM links an executable target's entry point under a module-specific name, which
/// libFuzzer's `main` would not provide.
public func runLibFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
