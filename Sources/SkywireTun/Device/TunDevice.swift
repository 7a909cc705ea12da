import Glibc
import SkywireIO

/// A Linux TUN device: layer-3 packets in and out through a non-blocking descriptor.
///
/// Opened with IFF_TUN | IFF_NO_PI, so every read and write is exactly one IP packet. With
/// `offloads`, the device is also opened with IFF_VNET_HDR and TUNSETOFFLOAD (checksum, TSO4,
/// TSO6, TSO-ECN): the kernel then hands over TCP super-packets of up to 64 KiB behind a
/// ``VirtioNetHeader`` and may leave transport checksums partial; ``TunPacketBatch`` turns them
/// back into ordinary packets no larger than the device MTU. Writes always carry a plain header
/// (complete packet, no GSO).
///
/// The device lives as long as the descriptor (it is not persistent): closing it, or the
/// process ending, removes the interface with its addresses and routes. Addresses, MTU and
/// routes are set with ``RouteNetlink``. The descriptor is meant for epoll (level- or
/// edge-triggered; read until ``readPacket(into:)`` returns `nil`).
public final class TunDevice {
    /// The device descriptor (non-blocking, close-on-exec); -1 after ``close()``.
    public private(set) var fileDescriptor: Int32
    /// The interface name the kernel gave (`sw0` for a requested `sw%d`).
    public let name: String
    /// The interface index.
    public let interfaceIndex: Int32
    /// True when every packet read is preceded by a 10-byte ``VirtioNetHeader``.
    public let hasVirtioHeader: Bool

    /// The largest IP packet a TUN device carries (its maximum MTU).
    public static let maximumPacketSize = 65535

    /// Creates (or attaches to) the TUN device `name`; `%d` lets the kernel number it.
    ///
    /// - Throws: ``TunError/deviceUnavailable(errno:)`` without `/dev/net/tun`,
    ///   ``TunError/permissionDenied(call:)`` without CAP_NET_ADMIN, ``TunError/busy(name:)`` when
    ///   the name is taken by a device in use or of another kind, ``TunError/invalidName(_:)``,
    ///   ``TunError/offloadRejected(errno:)``.
    public init(name: String = "sw%d", offloads: Bool = false) throws(TunError) {
        guard InterfaceName.isValid(name) else { throw .invalidName(name) }
        let (fd, openError) = retryInterrupted { Glibc.open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else {
            switch openError {
            case ENOENT, ENODEV, ENXIO: throw .deviceUnavailable(errno: openError)
            default: throw TunError.from(errno: openError, call: "open(/dev/net/tun)", name: name)
            }
        }
        var request = ifreq()
        var flags = LinuxTunABI.flagTun | LinuxTunABI.flagNoPacketInfo
        if offloads { flags |= LinuxTunABI.flagVnetHeader }
        withUnsafeMutableBytes(of: &request) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            for (offset, byte) in name.utf8.enumerated() { raw[offset] = byte }
            raw.storeBytes(of: flags, toByteOffset: LinuxTunABI.ifreqUnionOffset, as: Int16.self)
        }
        let (setResult, setError) = retryInterrupted { ioctl(fd, LinuxTunABI.tunSetInterface, &request) }
        guard setResult >= 0 else {
            closeDescriptor(fd)
            throw setError == EINVAL ? .busy(name: name) : TunError.from(errno: setError, call: "ioctl(TUNSETIFF)", name: name)
        }
        let actualName = withUnsafeBytes(of: &request) { raw in
            String(decoding: raw.prefix(LinuxTunABI.interfaceNameSize).prefix { $0 != 0 }, as: UTF8.self)
        }
        if offloads {
            let mask = LinuxTunABI.offloadChecksum | LinuxTunABI.offloadTSO4 | LinuxTunABI.offloadTSO6
                | LinuxTunABI.offloadTSOECN
            let (offloadResult, offloadError) = retryInterrupted { ioctl(fd, LinuxTunABI.tunSetOffload, CInt(mask)) }
            guard offloadResult >= 0 else {
                closeDescriptor(fd)
                throw .offloadRejected(errno: offloadError)
            }
        }
        let index = if_nametoindex(actualName)
        guard index != 0 else {
            let code = errno
            closeDescriptor(fd)
            throw .system(SystemError(errno: code, call: "if_nametoindex"))
        }
        fileDescriptor = fd
        self.name = actualName
        interfaceIndex = Int32(bitPattern: index)
        hasVirtioHeader = offloads
    }

    deinit { closeDescriptor(fileDescriptor) }

    /// Closes the descriptor now; the kernel removes the interface.
    public func close() {
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    /// Reads one packet as the device delivers it (with its ``VirtioNetHeader`` first when
    /// ``hasVirtioHeader``). Returns its length, or `nil` when nothing is waiting.
    ///
    /// A packet longer than `buffer` is truncated by the kernel; offer
    /// ``maximumPacketSize`` (+ 10 with a virtio header) to avoid that.
    public func readPacket(into buffer: UnsafeMutableRawBufferPointer) throws(TunError) -> Int? {
        let fd = fileDescriptor
        let (count, code) = retryInterrupted { Glibc.read(fd, buffer.baseAddress, buffer.count) }
        if count >= 0 { return count }
        if code == EAGAIN || code == EWOULDBLOCK { return nil }
        throw .system(SystemError(errno: code, call: "read(tun)"))
    }

    /// Writes one complete IP packet (a plain virtio header goes first when the device has
    /// them). Returns false when the device queue is full (EAGAIN): the packet was not sent.
    @discardableResult
    public func writePacket(_ packet: UnsafeRawBufferPointer) throws(TunError) -> Bool {
        guard packet.count <= Self.maximumPacketSize else {
            throw .packetTooLarge(size: packet.count, limit: Self.maximumPacketSize)
        }
        let fd = fileDescriptor
        let result: Int
        let code: Int32
        if hasVirtioHeader {
            // A zeroed header is VirtioNetHeader.plain: a complete packet, no GSO.
            var header: (UInt64, UInt16) = (0, 0)
            (result, code) = withUnsafeMutableBytes(of: &header) { headerBytes in
                var vectors = (
                    iovec(iov_base: headerBytes.baseAddress, iov_len: VirtioNetHeader.byteCount),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: packet.baseAddress), iov_len: packet.count))
                return withUnsafeMutablePointer(to: &vectors) { pointer in
                    pointer.withMemoryRebound(to: iovec.self, capacity: 2) { iov in
                        retryInterrupted { Glibc.writev(fd, iov, 2) }
                    }
                }
            }
        } else {
            (result, code) = retryInterrupted { Glibc.write(fd, packet.baseAddress, packet.count) }
        }
        if result >= 0 { return true }
        if code == EAGAIN || code == EWOULDBLOCK { return false }
        throw .system(SystemError(errno: code, call: "write(tun)"))
    }
}
