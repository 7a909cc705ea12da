import Glibc
import SkywireIO

/// Runs `body` until it is not interrupted by a signal; -1 with `errno` is a failure.
/// (SkywireIO's equivalent is internal to it; this is the same rule for this module.)
@inline(__always)
func retryInterrupted<Result: FixedWidthInteger>(_ body: () -> Result) -> (Result, Int32) {
    while true {
        let result = body()
        if result != -1 { return (result, 0) }
        let code = Glibc.errno
        if code != EINTR { return (result, code) }
    }
}

/// Closes a descriptor this module owns; EINTR is not retried (Linux has released it).
@inline(__always)
func closeDescriptor(_ fd: Int32) {
    if fd >= 0 { _ = Glibc.close(fd) }
}
