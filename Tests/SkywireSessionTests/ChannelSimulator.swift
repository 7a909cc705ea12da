import Glibc
@testable import SkywireSession

/// One direction of one simulated route: propagation delay, random loss, and optionally a
/// bottleneck of `rate` bit/s with a FIFO queue of at most `bufferBytes` (tail drop).
struct SimulatedDirection {
    var delay: UInt64
    var lossRate: Double = 0
    var rate: UInt64?
    var bufferBytes: Int = 1 << 30
    /// Drops everything while true (a cut route, or the dead half of a one-way route).
    var cut = false
    private var lastDeparture: UInt64 = 0
    private var queue: [(departure: UInt64, size: Int)] = []
    private var queueHead = 0
    private var queuedBytes = 0
    private(set) var delivered = 0
    private(set) var dropped = 0

    init(delay: UInt64, lossRate: Double = 0, rate: UInt64? = nil, bufferBytes: Int = 1 << 30) {
        self.delay = delay
        self.lossRate = lossRate
        self.rate = rate
        self.bufferBytes = bufferBytes
    }

    /// When a packet of `size` bytes sent at `now` arrives, or nil if it is lost.
    mutating func transmit(size: Int, now: UInt64, random: inout SeededRandom) -> UInt64? {
        if cut || (lossRate > 0 && random.unit() < lossRate) {
            dropped += 1
            return nil
        }
        guard let rate else {
            delivered += 1
            return now + delay
        }
        while queueHead < queue.count, queue[queueHead].departure <= now {
            queuedBytes -= queue[queueHead].size
            queueHead += 1
        }
        if queueHead > 4096 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        guard queuedBytes + size <= bufferBytes else {
            dropped += 1
            return nil
        }
        let start = max(now, lastDeparture)
        let departure = start + UInt64(size) * 8 * 1_000_000_000 / rate
        lastDeparture = departure
        queue.append((departure, size))
        queuedBytes += size
        delivered += 1
        return departure + delay
    }
}

/// A simulated route: both directions.
struct SimulatedRoute {
    var toServer: SimulatedDirection
    var toClient: SimulatedDirection

    /// The same figures both ways; `bufferBytes` defaults to one bandwidth-delay product.
    static func symmetric(delay: UInt64, lossRate: Double = 0, rateMbps: Double? = nil, bufferBytes: Int? = nil) -> SimulatedRoute {
        let rate = rateMbps.map { UInt64($0 * 1e6) }
        let bdp = rate.map { Int(Double($0) / 8 * Double(2 * delay) / 1e9) } ?? (1 << 30)
        let buffer = bufferBytes ?? max(bdp, 16 * 1140)
        let direction = SimulatedDirection(delay: delay, lossRate: lossRate, rate: rate, bufferBytes: buffer)
        return SimulatedRoute(toServer: direction, toClient: direction)
    }
}

/// Moves packets between a client and a server session over simulated routes on a virtual
/// clock. Deterministic: one seeded generator decides every loss.
final class ChannelSimulator {
    enum Side { case client, server }

    private struct InFlight {
        var arrival: UInt64
        var sequence: UInt64
        var to: Side
        var route: RouteID
        var bytes: [UInt8]
    }

    let client: Session
    let server: Session
    var routes: [RouteID: SimulatedRoute] = [:]
    private(set) var now: UInt64 = 0
    private var random: SeededRandom
    private var heap: [InFlight] = []
    private var sequence: UInt64 = 0
    private(set) var stalls = 0
    /// Errors the sessions threw on packets they refused (should stay 0 in these tests).
    private(set) var refused: [SessionError] = []

    init(pair: SessionPair, seed: UInt64 = 1) {
        client = pair.client
        server = pair.server
        random = SeededRandom(seed: seed)
    }

    /// Adds a route to the network and to both sessions (as the node layer would).
    func addRoute(_ id: RouteID, _ route: SimulatedRoute, toServerSession: Bool = true) {
        routes[id] = route
        client.addRoute(id, now: now)
        if toServerSession { server.addRoute(id, now: now) }
    }

    // MARK: Event loop

    /// Runs until `end`. `app` is called at every step (after deliveries and ticks, before the
    /// sessions' output is sent) and returns when it next wants to run.
    func run(until end: UInt64, app: (ChannelSimulator) -> UInt64? = { _ in nil }) {
        var appWake: UInt64? = now
        while now < end {
            var next = end
            if let top = heap.first { next = min(next, top.arrival) }
            if let d = client.nextDeadline { next = min(next, d) }
            if let d = server.nextDeadline { next = min(next, d) }
            if let a = appWake { next = min(next, a) }
            if next <= now {
                next = now
                stalls += 1
                if stalls > 2_000_000 { return }  // a session that never settles: fail the test
            }
            now = max(now, next)
            if now >= end { break }
            while let top = heap.first, top.arrival <= now {
                let packet = popHeap()
                let session = packet.to == .client ? client : server
                do {
                    try session.receive(packet: packet.bytes, on: packet.route, now: now)
                } catch {
                    if error != .closed { refused.append(error) }
                }
            }
            client.tick(now: now)
            server.tick(now: now)
            if let a = appWake, a <= now { appWake = nil }
            if let wake = app(self) { appWake = min(appWake ?? UInt64.max, max(wake, now)) }
            flush()
        }
        now = max(now, end)
    }

    /// Sends what both sessions have to send.
    func flush() {
        client.drainOutgoing(now: now) { route, bytes in transmit(from: .client, route: route, bytes: Array(bytes)) }
        server.drainOutgoing(now: now) { route, bytes in transmit(from: .server, route: route, bytes: Array(bytes)) }
    }

    private func transmit(from side: Side, route: RouteID, bytes: [UInt8]) {
        guard routes[route] != nil else { return }
        let arrival: UInt64?
        switch side {
        case .client: arrival = routes[route]!.toServer.transmit(size: bytes.count, now: now, random: &random)
        case .server: arrival = routes[route]!.toClient.transmit(size: bytes.count, now: now, random: &random)
        }
        guard let arrival else { return }
        sequence += 1
        pushHeap(InFlight(arrival: arrival, sequence: sequence, to: side == .client ? .server : .client, route: route, bytes: bytes))
    }

    // MARK: Binary heap on (arrival, sequence)

    private func less(_ a: InFlight, _ b: InFlight) -> Bool {
        (a.arrival, a.sequence) < (b.arrival, b.sequence)
    }

    private func pushHeap(_ item: InFlight) {
        heap.append(item)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private func popHeap() -> InFlight {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

/// An application that keeps the client's send buffer full with the test pattern (up to
/// `total` bytes, then finishes the stream) and reads everything at the server, checking order
/// and content and recording when each byte became readable.
final class BulkTransfer {
    let total: UInt64
    private(set) var written: UInt64 = 0
    private(set) var read: UInt64 = 0
    private(set) var corrupt = false
    private(set) var finishedAt: UInt64?
    /// (time, bytes read so far) at every read.
    private(set) var progress: [(time: UInt64, bytes: UInt64)] = []
    private var scratch = [UInt8](repeating: 0, count: 60_000)

    init(total: UInt64) { self.total = total }

    func step(_ sim: ChannelSimulator) -> UInt64? {
        let client = sim.client
        while written < total, client.writableBytes > 0 {
            let chunk = Int(min(UInt64(min(client.writableBytes, Pattern.period)), total - written))
            let taken = Pattern.withBytes(at: written, count: chunk) { (try? client.write($0)) ?? 0 }
            written += UInt64(taken)
            if taken == 0 { break }
        }
        if written == total { client.finish() }
        readAvailable(sim)
        return nil
    }

    /// Writes only (the reader is paused).
    func stepWriterOnly(_ sim: ChannelSimulator) -> UInt64? {
        let client = sim.client
        while written < total, client.writableBytes > 0 {
            let chunk = Int(min(UInt64(min(client.writableBytes, Pattern.period)), total - written))
            let taken = Pattern.withBytes(at: written, count: chunk) { (try? client.write($0)) ?? 0 }
            written += UInt64(taken)
            if taken == 0 { break }
        }
        return nil
    }

    private func readAvailable(_ sim: ChannelSimulator) {
        let server = sim.server
        var any = false
        while server.readableBytes > 0 {
            let got = scratch.withUnsafeMutableBytes { server.read(into: $0, now: sim.now) }
            let same = scratch.withUnsafeBytes { mine in
                Pattern.withBytes(at: read, count: got) { expected in
                    memcmp(mine.baseAddress!, expected.baseAddress!, got) == 0
                }
            }
            if !same { corrupt = true }
            read += UInt64(got)
            any = true
        }
        if any { progress.append((sim.now, read)) }
        if read == total, finishedAt == nil { finishedAt = sim.now }
    }

    /// Bytes read between two times (from the progress log).
    func bytesRead(from start: UInt64, to end: UInt64) -> UInt64 {
        func readAt(_ t: UInt64) -> UInt64 {
            var last: UInt64 = 0
            for p in progress { if p.time <= t { last = p.bytes } else { break } }
            return last
        }
        return readAt(end) - readAt(start)
    }

    /// The longest time between two reads that returned data, within [start, end].
    func longestReadGap(from start: UInt64, to end: UInt64) -> UInt64 {
        var gap: UInt64 = 0
        var previous: UInt64?
        for p in progress where p.time >= start && p.time <= end {
            if let prev = previous { gap = max(gap, p.time - prev) }
            previous = p.time
        }
        return gap
    }
}

/// An application writing `chunkSize`-byte messages every `interval` (each starting with its
/// write time) and reading them at the server; records each message's write-to-read latency.
final class PacedTransfer {
    let chunkSize: Int
    let interval: UInt64
    let until: UInt64
    private var nextWrite: UInt64 = 0
    private var pending: [UInt8] = []
    private var inbox: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: 1 << 16)
    /// (write time, latency) of every message read.
    private(set) var latencies: [(sentAt: UInt64, latency: UInt64)] = []
    private(set) var messagesWritten = 0

    init(chunkSize: Int, interval: UInt64, until: UInt64) {
        self.chunkSize = chunkSize
        self.interval = interval
        self.until = until
    }

    func step(_ sim: ChannelSimulator) -> UInt64? {
        while nextWrite <= sim.now && nextWrite < until {
            var message = [UInt8](repeating: 0xA5, count: chunkSize)
            withUnsafeBytes(of: nextWrite.bigEndian) { for i in 0..<8 { message[i] = $0[i] } }
            pending += message
            messagesWritten += 1
            nextWrite += interval
        }
        if !pending.isEmpty {
            let taken = (try? sim.client.write(pending)) ?? 0
            pending.removeFirst(taken)
        }
        while sim.server.readableBytes > 0 {
            let got = scratch.withUnsafeMutableBytes { sim.server.read(into: $0, now: sim.now) }
            inbox += scratch[0..<got]
        }
        var consumed = 0
        while inbox.count - consumed >= chunkSize {
            var stamp: UInt64 = 0
            for i in 0..<8 { stamp = stamp << 8 | UInt64(inbox[consumed + i]) }
            latencies.append((stamp, sim.now - stamp))
            consumed += chunkSize
        }
        inbox.removeFirst(consumed)
        return nextWrite < until ? nextWrite : nil
    }

    /// The `p` percentile of the latencies of messages written at or after `from`.
    func latencyPercentile(_ p: Double, from: UInt64) -> UInt64 {
        percentile(latencies.filter { $0.sentAt >= from }.map(\.latency), p)
    }
}
