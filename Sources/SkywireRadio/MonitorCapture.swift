internal import CPcap
import Glibc

/// Frames in and out of a monitor interface through libpcap.
///
/// Opened non-blocking in immediate mode with the skywire BPF filter (`FrameFilter`) set; the
/// datalink must be 802.11 + radiotap. `fileDescriptor` is for epoll: when it is readable, call
/// `read` until it returns 0. Packets are handed out as views into libpcap's ring buffer (no
/// copy), valid only during the callback.
public final class MonitorCapture {
    private let handle: OpaquePointer  // pcap_t *
    public let interface: String
    public let ownAddress: MACAddress
    /// A descriptor that becomes readable when frames are waiting.
    public let fileDescriptor: Int32

    public init(interface: String, ownAddress: MACAddress, bufferBytes: Int32 = 2 << 20) throws(RadioError) {
        let op = "open monitor capture on \(interface)"
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let pcap = pcap_create(interface, &errorBuffer) else {
            throw .capture(operation: op, message: MonitorCapture.text(errorBuffer))
        }
        func fail(_ what: String) -> RadioError {
            let message = String(cString: pcap_geterr(pcap))
            pcap_close(pcap)
            return .capture(operation: op, message: what + (message.isEmpty ? "" : ": " + message))
        }
        _ = pcap_set_snaplen(pcap, 4096)
        _ = pcap_set_immediate_mode(pcap, 1)
        _ = pcap_set_buffer_size(pcap, bufferBytes)
        let activated = pcap_activate(pcap)
        if activated < 0 {
            let status = String(cString: pcap_statustostr(activated))
            throw fail(activated == PCAP_ERROR_PERM_DENIED ? "permission denied (need root or CAP_NET_RAW)" : status)
        }
        guard pcap_datalink(pcap) == DLT_IEEE802_11_RADIO else {
            let link = pcap_datalink(pcap)
            pcap_close(pcap)
            throw .capture(operation: op, message: "datalink \(link) is not 802.11 + radiotap (\(DLT_IEEE802_11_RADIO)): not a monitor interface?")
        }
        let filter: CompiledFilter
        do throws(RadioError) {
            filter = try CompiledFilter(expression: FrameFilter.expression(ownAddress: ownAddress))
        } catch {
            pcap_close(pcap)
            throw error
        }
        guard pcap_setfilter(pcap, &filter.program) == 0 else { throw fail("set filter") }
        guard pcap_setnonblock(pcap, 1, &errorBuffer) == 0 else { throw fail(MonitorCapture.text(errorBuffer)) }
        let fd = pcap_get_selectable_fd(pcap)
        guard fd >= 0 else { throw fail("no selectable descriptor") }
        handle = pcap
        self.interface = interface
        self.ownAddress = ownAddress
        self.fileDescriptor = fd
    }

    deinit { pcap_close(handle) }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Hands each waiting packet (radiotap header + 802.11 frame) to `body`, up to `limit`, and
    /// returns how many there were; 0 when none is waiting.
    @discardableResult
    public func read(limit: Int = 64, _ body: (UnsafeRawBufferPointer) -> Void) throws(RadioError) -> Int {
        var count = 0
        while count < limit {
            var header: UnsafeMutablePointer<pcap_pkthdr>? = nil
            var data: UnsafePointer<UInt8>? = nil
            let r = pcap_next_ex(handle, &header, &data)
            if r == 0 { break }  // nothing waiting (non-blocking)
            guard r == 1, let header, let data else {
                throw .capture(operation: "read from \(interface)", message: String(cString: pcap_geterr(handle)))
            }
            count += 1
            body(UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)))
        }
        return count
    }

    /// Waits up to `timeoutMilliseconds` for the descriptor to become readable.
    public func wait(timeoutMilliseconds: Int32) -> Bool {
        var pfd = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, timeoutMilliseconds) > 0
    }

    /// Transmits one packet: a radiotap header (see `Radiotap.writeTransmitHeader`) followed by
    /// the 802.11 frame. Throws when the driver refuses or the queue is full (ENOBUFS).
    public func inject(_ packet: UnsafeRawBufferPointer) throws(RadioError) {
        let n = pcap_inject(handle, packet.baseAddress, packet.count)
        guard n == Int32(packet.count) else {
            throw .capture(operation: "inject on \(interface)", message: n < 0 ? String(cString: pcap_geterr(handle)) : "short write \(n)")
        }
    }

    /// Packets the kernel received and dropped (libpcap's counters since open).
    public func statistics() -> (received: UInt32, dropped: UInt32) {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return (0, 0) }
        return (stats.ps_recv, stats.ps_drop)
    }
}
