import Glibc

/// The only place the agent reads clocks. Protocol code receives `now` from its caller.
public enum SystemClock {
    /// Monotonic time in nanoseconds (CLOCK_MONOTONIC): for deadlines, timeouts and rates.
    /// It does not jump with wall-clock changes and has an arbitrary origin (boot).
    public static func monotonicNanoseconds() -> UInt64 {
        nanoseconds(of: CLOCK_MONOTONIC)
    }

    /// Wall-clock time in whole seconds since the Unix epoch (CLOCK_REALTIME): for timestamps
    /// that other nodes compare, never for measuring intervals.
    public static func wallClockSeconds() -> Int64 {
        var time = timespec()
        _ = clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec)
    }

    /// Wall-clock time in nanoseconds since the Unix epoch (CLOCK_REALTIME).
    public static func wallClockNanoseconds() -> UInt64 {
        nanoseconds(of: CLOCK_REALTIME)
    }

    private static func nanoseconds(of clock: clockid_t) -> UInt64 {
        var time = timespec()
        // clock_gettime cannot fail for these clocks with a valid pointer.
        _ = clock_gettime(clock, &time)
        return UInt64(max(0, Int64(time.tv_sec))) &* 1_000_000_000 &+ UInt64(max(0, Int64(time.tv_nsec)))
    }
}
