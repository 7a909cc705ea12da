import Glibc

/// Reads and writes single-value sysctls under /proc/sys (forwarding switches).
enum Sysctl {
    static let ipv4Forwarding = "/proc/sys/net/ipv4/ip_forward"
    static let ipv6Forwarding = "/proc/sys/net/ipv6/conf/all/forwarding"

    /// The value with surrounding whitespace removed.
    static func read(_ path: String) throws(NetworkSetupError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .sysctl(path: path, errno: errno) }
        defer { closeDescriptor(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let (count, code) = buffer.withUnsafeMutableBytes { raw in
            retryInterrupted { Glibc.read(fd, raw.baseAddress, raw.count) }
        }
        guard count >= 0 else { throw .sysctl(path: path, errno: code) }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return String(text.filter { !$0.isWhitespace })
    }

    static func write(_ path: String, _ value: String) throws(NetworkSetupError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .sysctl(path: path, errno: errno) }
        defer { closeDescriptor(fd) }
        let bytes = Array((value + "\n").utf8)
        let (count, code) = bytes.withUnsafeBytes { raw in
            retryInterrupted { Glibc.write(fd, raw.baseAddress, raw.count) }
        }
        guard count == bytes.count else { throw .sysctl(path: path, errno: count < 0 ? code : EIO) }
    }
}

/// Forwarding switched on, with the values it replaced, so they can be put back.
struct ForwardingState: Equatable, Sendable {
    /// (path, value before) for each sysctl that was changed.
    var previous: [(path: String, value: String)]

    static func == (a: ForwardingState, b: ForwardingState) -> Bool {
        a.previous.map(\.path) == b.previous.map(\.path) && a.previous.map(\.value) == b.previous.map(\.value)
    }

    /// Sets each of `paths` to 1, remembering the old values (those already 1 are left alone).
    static func enable(_ paths: [String]) throws(NetworkSetupError) -> ForwardingState {
        var state = ForwardingState(previous: [])
        for path in paths {
            let old = try Sysctl.read(path)
            if old == "1" { continue }
            do throws(NetworkSetupError) {
                try Sysctl.write(path, "1")
            } catch {
                try? state.restore()
                throw error
            }
            state.previous.append((path, old))
        }
        return state
    }

    /// Puts the remembered values back (the last changed first).
    func restore() throws(NetworkSetupError) {
        for (path, value) in previous.reversed() { try Sysctl.write(path, value) }
    }
}

/// Runs `nft -f -` with `script`; a failure carries the first line nft wrote to stderr.
enum Nftables {
    static let defaultPath = "/usr/sbin/nft"

    static func apply(_ script: String, nftPath: String) throws(NetworkSetupError) {
        let outcome = try ProcessRunner.run(nftPath, arguments: ["-f", "-"], input: Array(script.utf8))
        guard outcome.status == 0 else {
            throw .commandFailed(command: "nft -f -", status: outcome.status, firstLine: outcome.firstErrorLine)
        }
    }
}
