import Glibc
internal import CSkywireLinux

/// An eventfd that wakes an `Epoll` loop from another thread.
///
/// Register `fileDescriptor` for `.readable`; other threads call `wake()`; the loop calls
/// `drain()` when it sees the event. Wakes before a drain coalesce into one event.
public final class EventWakeup: Sendable {
    /// The eventfd (non-blocking, close-on-exec).
    public let fileDescriptor: Int32

    /// Creates the eventfd with a zero counter.
    public init() throws(SystemError) {
        let create = CSkywireLinux_eventfd
        fileDescriptor = try retryingInterrupts("eventfd") {
            create(0, LinuxCalls.closeOnExec | LinuxCalls.nonBlocking)
        }
    }

    deinit { closeOwnedDescriptor(fileDescriptor) }

    /// Makes the descriptor readable. Safe from any thread; never blocks.
    public func wake() throws(SystemError) {
        var one: UInt64 = 1
        // EAGAIN means the counter is already at its maximum: the loop is awake anyway.
        _ = try retryingInterruptsUnlessWouldBlock("write(eventfd)") {
            Glibc.write(fileDescriptor, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// Resets the counter; returns how many wakes were pending (0 if none).
    @discardableResult
    public func drain() throws(SystemError) -> UInt64 {
        var count: UInt64 = 0
        let read = try retryingInterruptsUnlessWouldBlock("read(eventfd)") {
            Glibc.read(fileDescriptor, &count, MemoryLayout<UInt64>.size)
        }
        return read == nil ? 0 : count
    }
}
