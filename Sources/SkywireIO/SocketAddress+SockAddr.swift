import Glibc

/// Conversions between `SocketAddress` and the kernel's sockaddr structures. Internal to the
/// I/O layer: no C type crosses the module's public API.
extension SocketAddress {
    /// Bytes of sockaddr storage that hold any `SocketAddress` (sockaddr_in6, rounded to 8).
    static let storageSize = (MemoryLayout<sockaddr_in6>.size + 7) & ~7

    /// The socket family: AF_INET or AF_INET6.
    var family: Int32 { isIPv4 ? AF_INET : AF_INET6 }

    /// Writes the sockaddr_in / sockaddr_in6 form into `storage` (at least `storageSize` bytes)
    /// and returns its length.
    func write(to storage: UnsafeMutableRawPointer) -> socklen_t {
        switch self {
        case .v4(let address, let port):
            var raw = sockaddr_in()
            raw.sin_family = sa_family_t(AF_INET)
            raw.sin_port = port.bigEndian
            raw.sin_addr.s_addr = address.value.bigEndian
            storage.storeBytes(of: raw, as: sockaddr_in.self)
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        case .v6(let address, let port, let scopeID):
            var raw = sockaddr_in6()
            raw.sin6_family = sa_family_t(AF_INET6)
            raw.sin6_port = port.bigEndian
            raw.sin6_addr = address.inAddr
            raw.sin6_scope_id = scopeID
            storage.storeBytes(of: raw, as: sockaddr_in6.self)
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
    }

    /// Decodes a kernel-filled sockaddr; `nil` for other families or short lengths.
    /// IPv4-mapped IPv6 addresses (from dual-stack sockets) come back as `.v4`, so one peer has
    /// one address whichever socket family saw it.
    init?(sockaddr storage: UnsafeRawPointer, length: Int) {
        guard length >= MemoryLayout<sa_family_t>.size else { return nil }
        switch Int32(storage.loadUnaligned(as: sa_family_t.self)) {
        case AF_INET:
            guard length >= MemoryLayout<sockaddr_in>.size else { return nil }
            let raw = storage.loadUnaligned(as: sockaddr_in.self)
            self = .v4(IPv4Address(value: UInt32(bigEndian: raw.sin_addr.s_addr)), port: UInt16(bigEndian: raw.sin_port))
        case AF_INET6:
            guard length >= MemoryLayout<sockaddr_in6>.size else { return nil }
            let raw = storage.loadUnaligned(as: sockaddr_in6.self)
            let address = IPv6Address(raw.sin6_addr)
            let port = UInt16(bigEndian: raw.sin6_port)
            if let v4 = address.ipv4Mapped {
                self = .v4(v4, port: port)
            } else {
                self = .v6(address, port: port, scopeID: raw.sin6_scope_id)
            }
        default:
            return nil
        }
    }

    /// Calls `body` with this address as a sockaddr pointer and length (on the stack).
    package func withSockAddr<Result, Failure: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var storage = sockaddr_in6()
        return try withUnsafeMutableBytes(of: &storage) { raw throws(Failure) -> Result in
            let length = write(to: raw.baseAddress!)
            return try body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The address a socket is bound to (getsockname).
    static func local(of descriptor: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = try withUnsafeMutableBytes(of: &storage) { raw throws(SystemError) -> Int32 in
            try retryingInterrupts("getsockname") {
                getsockname(descriptor, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
            }
        }
        let decoded = withUnsafeBytes(of: &storage) { SocketAddress(sockaddr: $0.baseAddress!, length: Int(length)) }
        guard let address = decoded else {
            throw SystemError(errno: EAFNOSUPPORT, call: "getsockname")
        }
        return address
    }
}
