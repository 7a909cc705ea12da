import Glibc

/// A failed system call: the `errno` it set and the name of the call.
///
/// Its description is one line, e.g. `bind: Address already in use`.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value the call reported.
    public let errno: Int32
    /// The name of the failed call (a literal such as `"bind"` or `"setsockopt(SO_RCVBUF)"`).
    public let call: StaticString

    /// Makes an error for `call` failing with `errno`.
    public init(errno: Int32, call: StaticString) {
        self.errno = errno
        self.call = call
    }

    /// True when the call failed only because it would have blocked (EAGAIN / EWOULDBLOCK).
    public var isWouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }

    public var description: String {
        "\(call): \(String(cString: strerror(errno)))"
    }

    public static func == (lhs: SystemError, rhs: SystemError) -> Bool {
        lhs.errno == rhs.errno && lhs.call.description == rhs.call.description
    }
}

/// The one place that retries system calls interrupted by a signal (EINTR).
///
/// Every wrapper in this module runs its call through `retryingInterrupts`, so a signal never
/// surfaces as an error. `body` must return -1 on failure and leave the reason in `errno`.
@inline(__always)
func retryingInterrupts<Result: FixedWidthInteger>(
    _ call: StaticString, _ body: () -> Result
) throws(SystemError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code != EINTR { throw SystemError(errno: code, call: call) }
    }
}

/// Like `retryingInterrupts`, but a call that would block returns `nil` instead of throwing.
@inline(__always)
func retryingInterruptsUnlessWouldBlock<Result: FixedWidthInteger>(
    _ call: StaticString, _ body: () -> Result
) throws(SystemError) -> Result? {
    do {
        return try retryingInterrupts(call, body)
    } catch {
        if error.isWouldBlock { return nil }
        throw error
    }
}

/// Closes a descriptor this module owns. EINTR is not retried: on Linux the descriptor is
/// released even when close reports EINTR, and retrying could close a reused number.
@inline(__always)
func closeOwnedDescriptor(_ fd: Int32) {
    if fd >= 0 { _ = Glibc.close(fd) }
}

/// Sets an integer socket option.
func setSocketOption(
    _ fd: Int32, level: Int32, name: Int32, value: Int32, call: StaticString
) throws(SystemError) {
    var value = value
    _ = try retryingInterrupts(call) {
        setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// Reads an integer socket option.
func socketOption(_ fd: Int32, level: Int32, name: Int32, call: StaticString) throws(SystemError) -> Int32 {
    var value: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    _ = try retryingInterrupts(call) { getsockopt(fd, level, name, &value, &length) }
    return value
}
