/// Which route the next packet takes.
///
/// - New stream data: the lowest-RTT live route with congestion-window space (minRTT). If that
///   is not the fastest live route (whose window is full), BLEST decides: the fast route `f`
///   could send `X = λ · (cwnd_f + mss · (n − 1) / 2) · n` bytes during the slow route's RTT
///   (`n = srtt_slow / srtt_f`); the slow route is used only if the receiver's window can hold
///   the chunk plus `X` beyond it, and if the backlog is larger than what `f` alone delivers in
///   the time the slow route's packet travels (otherwise `f` would deliver it sooner: wait).
/// - Data to send again: the route with the earliest expected arrival (half an RTT, plus one
///   RTT if its window is full); it waits if that route's window is full.
/// - Datagrams: the lowest-RTT live route with window space.
/// Routes with a probe timeout outstanding (suspect) are skipped while any other route lives.
extension Session {
    /// The lowest-RTT live route, suspect routes only if `includeSuspect` or none other lives.
    func fastestRoute(includeSuspect: Bool) -> Int? {
        var best: Int?
        var bestSuspect: Int?
        for ri in routes.indices where routes[ri].isLive {
            if routes[ri].isSuspect {
                if bestSuspect.map({ routes[ri].rtt.smoothed < routes[$0].rtt.smoothed }) ?? true { bestSuspect = ri }
            } else if best.map({ routes[ri].rtt.smoothed < routes[$0].rtt.smoothed }) ?? true {
                best = ri
            }
        }
        if includeSuspect, let s = bestSuspect, let b = best {
            return routes[s].rtt.smoothed < routes[b].rtt.smoothed ? s : b
        }
        return best ?? bestSuspect
    }

    /// Whether route `ri` is one the scheduler may use now (live; not suspect unless all are).
    private func usable(_ ri: Int, allSuspect: Bool) -> Bool {
        routes[ri].isLive && (allSuspect || !routes[ri].isSuspect)
    }

    private var allLiveSuspect: Bool {
        for ri in routes.indices where routes[ri].isLive && !routes[ri].isSuspect { return false }
        return true
    }

    private func hasWindowSpace(_ ri: Int) -> Bool {
        routes[ri].bytesInFlight < routes[ri].congestion.window
    }

    /// minRTT among usable routes with window space.
    private func lowestRTTWithSpace() -> Int? {
        let allSuspect = allLiveSuspect
        var best: Int?
        for ri in routes.indices where usable(ri, allSuspect: allSuspect) && hasWindowSpace(ri) {
            if best.map({ routes[ri].rtt.smoothed < routes[$0].rtt.smoothed }) ?? true { best = ri }
        }
        return best
    }

    /// The route for new stream data starting at `offset`, or nil to wait.
    func routeForNewData(offset: UInt64) -> Int? {
        guard let candidate = lowestRTTWithSpace() else { return nil }
        guard let fast = fastestRoute(includeSuspect: false), fast != candidate else { return candidate }
        return blestAllows(slow: candidate, fast: fast, offset: offset) ? candidate : nil
    }

    /// BLEST's check, plus the backlog check, for sending on `slow` while `fast` is full.
    private func blestAllows(slow: Int, fast: Int, offset: UInt64) -> Bool {
        let slowRTT = Double(routes[slow].rtt.smoothed)
        let fastRTT = Double(max(routes[fast].rtt.smoothed, 1))
        let ratio = max(slowRTT / fastRTT, 1)
        let mss = Double(config.maxPacketSize)
        let fastWindow = Double(routes[fast].congestion.window)
        let lambda = config.blestLambda
        let fastBytes = lambda * (fastWindow + mss * (ratio - 1) / 2) * ratio
        let chunkEnd = Double(offset) + mss
        guard chunkEnd + fastBytes <= Double(stream.peerLimit) else { return false }
        let fastRate = fastWindow / fastRTT
        let extraTravel = max(slowRTT - fastRTT, 0) / 2
        return Double(stream.backlog) > lambda * fastRate * extraTravel
    }

    /// The route for data to send again, or nil to wait.
    func routeForResend() -> Int? {
        let allSuspect = allLiveSuspect
        var best: Int?
        var bestArrival = UInt64.max
        for ri in routes.indices where usable(ri, allSuspect: allSuspect) {
            let srtt = routes[ri].rtt.smoothed
            let arrival = srtt / 2 + (hasWindowSpace(ri) ? 0 : srtt)
            if arrival < bestArrival {
                best = ri
                bestArrival = arrival
            }
        }
        guard let best, hasWindowSpace(best) else { return nil }
        return best
    }

    /// The route for datagrams, or nil to wait.
    func routeForDatagram() -> Int? { lowestRTTWithSpace() }

    /// The route for a packet that only carries an ACK: the live, measured, non-suspect route
    /// with the lowest RTT, except that every `ackSpreadEvery`-th such packet takes the
    /// second-best one. Spreading keeps ACKs flowing when the best route fails (each ACK repeats
    /// the latest arrivals, so losing some costs nothing), and it lets the peer tell a dead
    /// route from a dead ACK path. Before any route is measured: every live route (the ACK is
    /// small); with no live route: every route.
    func forEachAckRoute(_ body: (Int) -> Void) {
        var best: Int?
        var second: Int?
        for ri in routes.indices where routes[ri].isLive && routes[ri].rtt.hasSample && !routes[ri].isSuspect {
            let rtt = routes[ri].rtt.smoothed
            if best.map({ rtt < routes[$0].rtt.smoothed }) ?? true {
                second = best
                best = ri
            } else if second.map({ rtt < routes[$0].rtt.smoothed }) ?? true {
                second = ri
            }
        }
        if let best {
            ackOnlyPackets &+= 1
            if let second, ackOnlyPackets % Self.ackSpreadEvery == 0 {
                body(second)
            } else {
                body(best)
            }
            return
        }
        let anyLive = liveRouteCount > 0
        for ri in routes.indices where routes[ri].isLive || !anyLive { body(ri) }
    }

    /// One ACK-only packet in this many goes on the second-best route.
    static let ackSpreadEvery: UInt64 = 4
}
