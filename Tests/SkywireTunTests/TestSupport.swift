import Foundation
import Glibc
import SkywireIO
@testable import SkywireTun

/// Whether the root-only tests can run here (they create TUN devices and change nftables).
enum RootEnvironment {
    static var available: Bool { getuid() == 0 && access("/dev/net/tun", F_OK) == 0 }
    static var nftAvailable: Bool { available && access("/usr/sbin/nft", X_OK) == 0 }
    static var ipAvailable: Bool { access("/usr/sbin/ip", X_OK) == 0 || access("/sbin/ip", X_OK) == 0 }
    /// A short number unique to this test process, for interface and table names.
    static let tag = Int(getpid()) % 10_000
}

/// Runs a command for checking the system state from a test (tests may shell out; Sources may not).
@discardableResult
func runCommand(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return (-1, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func ipCommand(_ arguments: [String]) -> (status: Int32, output: String) {
    runCommand(access("/usr/sbin/ip", X_OK) == 0 ? "/usr/sbin/ip" : "/sbin/ip", arguments)
}

func nftTables() -> String { runCommand("/usr/sbin/nft", ["list", "tables"]).output }

func readSysctl(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
}

/// Builds test packets with correct checksums.
enum PacketBuilder {
    static func ipv4Header(source: IPv4Address, destination: IPv4Address, proto: UInt8, payloadLength: Int,
                           id: UInt16 = 0x1234) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 20)
        header[0] = 0x45
        let total = UInt16(20 + payloadLength)
        header[2] = UInt8(total >> 8); header[3] = UInt8(total & 0xFF)
        header[4] = UInt8(id >> 8); header[5] = UInt8(id & 0xFF)
        header[6] = 0x40  // DF
        header[8] = 64
        header[9] = proto
        header.replaceSubrange(12..<16, with: IPHostAddress.v4(source).bytes)
        header.replaceSubrange(16..<20, with: IPHostAddress.v4(destination).bytes)
        let sum = header.withUnsafeBytes { InternetChecksum.of($0) }
        header[10] = UInt8(sum >> 8); header[11] = UInt8(sum & 0xFF)
        return header
    }

    static func ipv6Header(source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, payloadLength: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 40)
        header[0] = 0x60
        header[4] = UInt8(payloadLength >> 8); header[5] = UInt8(payloadLength & 0xFF)
        header[6] = nextHeader
        header[7] = 64
        header.replaceSubrange(8..<24, with: IPHostAddress.v6(source).bytes)
        header.replaceSubrange(24..<40, with: IPHostAddress.v6(destination).bytes)
        return header
    }

    /// ICMPv4 echo request.
    static func ping4(from source: IPv4Address, to destination: IPv4Address, identifier: UInt16, payload: [UInt8]) -> [UInt8] {
        var icmp: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), 0, 1] + payload
        let sum = icmp.withUnsafeBytes { InternetChecksum.of($0) }
        icmp[2] = UInt8(sum >> 8); icmp[3] = UInt8(sum & 0xFF)
        return ipv4Header(source: source, destination: destination, proto: 1, payloadLength: icmp.count) + icmp
    }

    /// ICMPv6 echo request.
    static func ping6(from source: IPv6Address, to destination: IPv6Address, identifier: UInt16, payload: [UInt8]) -> [UInt8] {
        var icmp: [UInt8] = [128, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), 0, 1] + payload
        let header = ipv6Header(source: source, destination: destination, nextHeader: 58, payloadLength: icmp.count)
        setTransportChecksum(&icmp, header: header, proto: 58, at: 2)
        return header + icmp
    }

    /// Computes the pseudo-header checksum of `segment` under `header` and stores it at `offset`.
    static func setTransportChecksum(_ segment: inout [UInt8], header: [UInt8], proto: UInt8, at offset: Int) {
        segment[offset] = 0; segment[offset + 1] = 0
        let isV4 = header[0] >> 4 == 4
        let (start, size) = isV4 ? (12, 4) : (8, 16)
        var checksum = InternetChecksum()
        header.withUnsafeBytes { h in
            checksum.addPseudoHeader(
                source: UnsafeRawBufferPointer(rebasing: h[start..<start + size]),
                destination: UnsafeRawBufferPointer(rebasing: h[start + size..<start + 2 * size]),
                proto: proto, length: segment.count)
        }
        segment.withUnsafeBytes { checksum.add($0) }
        segment[offset] = UInt8(checksum.value >> 8); segment[offset + 1] = UInt8(checksum.value & 0xFF)
    }

    /// True when the TCP/UDP/ICMPv6 checksum of the packet's transport part verifies.
    static func transportChecksumValid(_ packet: [UInt8]) -> Bool {
        guard let info = try? IPPacketHeader(parsing: packet) else { return false }
        let isV4 = info.version == .v4
        let (start, size) = isV4 ? (12, 4) : (8, 16)
        var checksum = InternetChecksum()
        packet.withUnsafeBytes { p in
            checksum.addPseudoHeader(
                source: UnsafeRawBufferPointer(rebasing: p[start..<start + size]),
                destination: UnsafeRawBufferPointer(rebasing: p[start + size..<start + 2 * size]),
                proto: info.transportProtocol, length: info.totalLength - info.transportOffset)
            checksum.add(UnsafeRawBufferPointer(rebasing: p[info.transportOffset..<info.totalLength]))
        }
        return checksum.value == 0
    }

    /// A TCP segment (header without options unless given) with a valid checksum.
    static func tcp(header ip: [UInt8], sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32,
                    acknowledgement: UInt32, flags: UInt8, window: UInt16 = 65535, options: [UInt8] = [],
                    payload: [UInt8] = []) -> [UInt8] {
        var tcp = [UInt8](repeating: 0, count: 20) + options
        func put16(_ value: UInt16, _ at: Int) { tcp[at] = UInt8(value >> 8); tcp[at + 1] = UInt8(value & 0xFF) }
        func put32(_ value: UInt32, _ at: Int) { put16(UInt16(value >> 16), at); put16(UInt16(value & 0xFFFF), at + 2) }
        put16(sourcePort, 0); put16(destinationPort, 2); put32(sequence, 4); put32(acknowledgement, 8)
        tcp[12] = UInt8(tcp.count / 4) << 4
        tcp[13] = flags
        put16(window, 14)
        tcp += payload
        setTransportChecksum(&tcp, header: ip, proto: 6, at: 16)
        return tcp
    }
}

extension Array where Element == UInt8 {
    func u16(at offset: Int) -> UInt16 { UInt16(self[offset]) << 8 | UInt16(self[offset + 1]) }
    func u32(at offset: Int) -> UInt32 { UInt32(u16(at: offset)) << 16 | UInt32(u16(at: offset + 2)) }
}

/// A small deterministic generator for fuzz-style tests.
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}
