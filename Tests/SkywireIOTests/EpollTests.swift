import Foundation
import Glibc
import Testing
import SkywireIO

@Suite struct EpollTests {
    @Test func wakesOnReadableSocket() throws {
        let epoll = try Epoll()
        let events = EpollEventBuffer(capacity: 8)
        let a = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let b = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        try epoll.add(b.fileDescriptor, interest: [.readable, .edgeTriggered], token: 0xDEAD_BEEF_0000_0001)
        #expect(try epoll.wait(timeoutNanoseconds: 0, into: events) == 0)
        let byte: [UInt8] = [9]
        try byte.withUnsafeBytes { raw in _ = try a.send(raw, to: b.localAddress) }
        let count = try epoll.wait(timeoutNanoseconds: 2_000_000_000, into: events)
        #expect(count == 1)
        #expect(events.token(at: 0) == 0xDEAD_BEEF_0000_0001)
        #expect(events.readiness(at: 0).contains(.readable))

        try epoll.modify(b.fileDescriptor, interest: .writable, token: 7)
        #expect(try epoll.wait(timeoutNanoseconds: 1_000_000_000, into: events) == 1)
        #expect(events.token(at: 0) == 7 && events.readiness(at: 0).contains(.writable))
        try epoll.remove(b.fileDescriptor)
        #expect(try epoll.wait(timeoutNanoseconds: 0, into: events) == 0)
        #expect(throws: SystemError.self) { try epoll.remove(b.fileDescriptor) }
    }

    @Test func timeoutIsHonouredAndRoundedUp() throws {
        let epoll = try Epoll()
        let events = EpollEventBuffer()
        let start = SystemClock.monotonicNanoseconds()
        #expect(try epoll.wait(timeoutNanoseconds: 1_500_000, into: events) == 0)  // 1.5 ms → 2 ms
        #expect(SystemClock.monotonicNanoseconds() - start >= 1_500_000)
    }

    @Test func eventWakeupFromAnotherThread() throws {
        let epoll = try Epoll()
        let wakeup = try EventWakeup()
        let events = EpollEventBuffer(capacity: 2)
        try epoll.add(wakeup.fileDescriptor, interest: .readable, token: 42)
        #expect(try wakeup.drain() == 0)
        let thread = Thread {
            usleep(20_000)
            try? wakeup.wake()
            try? wakeup.wake()
        }
        thread.start()
        let start = SystemClock.monotonicNanoseconds()
        #expect(try epoll.wait(timeoutNanoseconds: 5_000_000_000, into: events) == 1)
        #expect(SystemClock.monotonicNanoseconds() - start < 4_000_000_000)
        #expect(events.token(at: 0) == 42)
        usleep(20_000)  // let the second wake land; both coalesce into one count
        #expect(try wakeup.drain() == 2)
        #expect(try epoll.wait(timeoutNanoseconds: 0, into: events) == 0)
    }

    @Test func clocksAdvance() {
        let first = SystemClock.monotonicNanoseconds()
        let second = SystemClock.monotonicNanoseconds()
        #expect(second >= first)
        #expect(SystemClock.wallClockSeconds() > 1_700_000_000)
        #expect(SystemClock.wallClockNanoseconds() / 1_000_000_000 >= UInt64(SystemClock.wallClockSeconds()) - 1)
    }
}
