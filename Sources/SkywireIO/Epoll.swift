import Glibc
internal import CSkywireLinux

/// What a registered descriptor should report, and how.
public struct EpollInterest: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Report when the descriptor has data (or a connection) to read.
    public static let readable = EpollInterest(rawValue: LinuxCalls.epollIn)
    /// Report when the descriptor can take more writes.
    public static let writable = EpollInterest(rawValue: LinuxCalls.epollOut)
    /// Edge-triggered: report only on changes; the reader must drain until EAGAIN.
    /// Without it, readiness is level-triggered.
    public static let edgeTriggered = EpollInterest(rawValue: LinuxCalls.epollEdgeTriggered)
    /// Report once, then disable the registration until it is modified again.
    public static let oneShot = EpollInterest(rawValue: LinuxCalls.epollOneShot)
    /// Report when the peer closed its writing side (stream sockets).
    public static let peerClosed = EpollInterest(rawValue: LinuxCalls.epollReadHangUp)
}

/// The readiness reported for one descriptor by `Epoll.wait`.
public struct EpollReadiness: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = EpollReadiness(rawValue: LinuxCalls.epollIn)
    public static let writable = EpollReadiness(rawValue: LinuxCalls.epollOut)
    /// An error is pending on the descriptor (always reported, even if not asked for).
    public static let error = EpollReadiness(rawValue: LinuxCalls.epollError)
    /// The descriptor hung up (always reported, even if not asked for).
    public static let hangUp = EpollReadiness(rawValue: LinuxCalls.epollHangUp)
    /// The peer closed its writing side.
    public static let peerClosed = EpollReadiness(rawValue: LinuxCalls.epollReadHangUp)
}

/// A preallocated array of `epoll_event`s for `Epoll.wait`, allocated once at init.
public final class EpollEventBuffer {
    /// How many events one `wait` can return.
    public let capacity: Int
    private let storage: UnsafeMutableRawPointer

    /// Allocates room for `capacity` events (at least 1).
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        storage = UnsafeMutableRawPointer.allocate(
            byteCount: self.capacity * LinuxCalls.epollEventSize, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity * LinuxCalls.epollEventSize)
    }

    deinit { storage.deallocate() }

    var pointer: UnsafeMutableRawPointer { storage }

    /// The token given at registration for event `index` (0 ..< count returned by `wait`).
    public func token(at index: Int) -> UInt64 {
        precondition(index >= 0 && index < capacity, "event index out of range")
        return storage.loadUnaligned(
            fromByteOffset: index * LinuxCalls.epollEventSize + LinuxCalls.epollEventDataOffset, as: UInt64.self)
    }

    /// The readiness reported for event `index` (0 ..< count returned by `wait`).
    public func readiness(at index: Int) -> EpollReadiness {
        precondition(index >= 0 && index < capacity, "event index out of range")
        return EpollReadiness(rawValue: storage.loadUnaligned(
            fromByteOffset: index * LinuxCalls.epollEventSize, as: UInt32.self))
    }
}

/// An epoll instance (created with EPOLL_CLOEXEC), closed on deinit.
///
/// Each registration carries a caller-chosen 64-bit token that comes back with its events, so the
/// loop dispatches without a lookup by descriptor.
public final class Epoll {
    /// The epoll descriptor.
    public let fileDescriptor: Int32

    /// Creates the epoll instance.
    public init() throws(SystemError) {
        let create = CSkywireLinux_epoll_create1
        fileDescriptor = try retryingInterrupts("epoll_create1") { create(LinuxCalls.closeOnExec) }
    }

    deinit { closeOwnedDescriptor(fileDescriptor) }

    /// Starts watching `descriptor` for `interest`; its events carry `token`.
    public func add(_ descriptor: Int32, interest: EpollInterest, token: UInt64) throws(SystemError) {
        try control(LinuxCalls.epollControlAdd, descriptor, interest, token, call: "epoll_ctl(ADD)")
    }

    /// Changes the interest or token of a watched descriptor.
    public func modify(_ descriptor: Int32, interest: EpollInterest, token: UInt64) throws(SystemError) {
        try control(LinuxCalls.epollControlModify, descriptor, interest, token, call: "epoll_ctl(MOD)")
    }

    /// Stops watching `descriptor`. (Closing a descriptor also removes it, once no duplicate is open.)
    public func remove(_ descriptor: Int32) throws(SystemError) {
        try control(LinuxCalls.epollControlDelete, descriptor, [], 0, call: "epoll_ctl(DEL)")
    }

    /// Waits for events and stores them in `events`; returns how many were stored.
    ///
    /// - Parameter timeoutNanoseconds: `nil` waits without limit; `0` only polls. Other values are
    ///   rounded up to whole milliseconds (epoll's resolution), so the loop never wakes early.
    /// - Returns: 0 on timeout, and also when a signal interrupted the wait: the caller recomputes
    ///   its timeout and waits again, rather than this call extending the original timeout.
    public func wait(timeoutNanoseconds: UInt64?, into events: EpollEventBuffer) throws(SystemError) -> Int {
        let wait = CSkywireLinux_epoll_wait
        let milliseconds = Epoll.milliseconds(roundingUp: timeoutNanoseconds)
        let capacity = Int32(clamping: events.capacity)
        let count = wait(fileDescriptor, events.pointer, capacity, milliseconds)
        if count >= 0 { return Int(count) }
        let code = Glibc.errno
        // The one exception to retrying EINTR: a retry would restart the full timeout.
        if code == EINTR { return 0 }
        throw SystemError(errno: code, call: "epoll_wait")
    }

    /// epoll's timeout argument: -1 for none, else milliseconds rounded up and capped.
    static func milliseconds(roundingUp nanoseconds: UInt64?) -> Int32 {
        guard let nanoseconds else { return -1 }
        let (rounded, overflow) = nanoseconds.addingReportingOverflow(999_999)
        let milliseconds = overflow ? UInt64.max / 1_000_000 : rounded / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private func control(
        _ operation: Int32, _ descriptor: Int32, _ interest: EpollInterest, _ token: UInt64, call: StaticString
    ) throws(SystemError) {
        let control = CSkywireLinux_epoll_ctl
        // One event on the stack: 16 bytes covers both layouts.
        var event: (UInt64, UInt64) = (0, 0)
        _ = try withUnsafeMutableBytes(of: &event) { raw throws(SystemError) -> Int32 in
            raw.storeBytes(of: interest.rawValue, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: LinuxCalls.epollEventDataOffset, as: UInt64.self)
            return try retryingInterrupts(call) {
                control(fileDescriptor, operation, descriptor, raw.baseAddress)
            }
        }
    }
}
