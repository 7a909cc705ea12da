/// Acknowledgements, loss detection and route liveness (RFC 9002 §6, applied per route).
extension Session {
    // MARK: ACK frames

    /// Applies an ACK frame: marks packets acknowledged on whichever route carried them, takes
    /// one RTT sample per route, runs loss detection on those routes, and raises the peer's
    /// stream window.
    func onAck(_ frame: AckFrame, now: UInt64) {
        if frame.maxStreamOffset > stream.peerLimit {
            stream.peerLimit = frame.maxStreamOffset
            flowBlockedProbes = 0
        }
        var touched: UInt64 = 0  // bit i: route i had a packet newly acknowledged (routes ≤ 64)
        frame.forEachRange { range in
            for ri in routes.indices {
                var i = routes[ri].firstSentIndex(atLeast: range.lowerBound)
                while i < routes[ri].sent.count, routes[ri].sent[i].number < range.upperBound {
                    if routes[ri].sent[i].outstanding {
                        acknowledge(route: ri, position: i)
                        touched |= 1 << UInt64(ri)
                    }
                    i += 1
                }
            }
        }
        guard touched != 0 else { return }
        for ri in routes.indices where touched & (1 << UInt64(ri)) != 0 {
            let newest = routes[ri].newestAcked
            routes[ri].newestAcked = nil
            routes[ri].lastAckAt = now
            routes[ri].probeTimeouts = 0
            if let newest, newest.ackEliciting, now >= newest.sentAt {
                // The frame's delay belongs to its largest packet; other routes' packets were
                // acknowledged at once on arrival (AckTracker), so nothing is subtracted for them.
                let delay = newest.number == frame.largest
                    ? min(UInt64(frame.ackDelayMicros) * 1_000, config.maxAckDelay) : 0
                routes[ri].rtt.add(sample: now - newest.sentAt, ackDelay: delay)
            }
            if routes[ri].state == .dead { revive(ri, now: now) }
            detectLosses(route: ri, now: now)
            routes[ri].trimSent()
        }
    }

    /// One packet of route `ri` at `position` in its ring is acknowledged.
    private func acknowledge(route ri: Int, position i: Int) {
        var packet = routes[ri].sent[i]
        packet.outstanding = false
        routes[ri].sent[i] = packet
        let inFlightBefore = routes[ri].bytesInFlight
        routes[ri].removeFromFlight(packet)
        if packet.inFlight {
            routes[ri].congestion.onAcked(bytes: packet.size, sentAt: packet.sentAt, inFlight: inFlightBefore)
        }
        routes[ri].bytesAcked += UInt64(packet.size)
        if !packet.streamRange.isEmpty { stream.onAcknowledged(packet.streamRange) }
        if routes[ri].newestAcked.map({ packet.number > $0.number }) ?? true { routes[ri].newestAcked = packet }
        if routes[ri].largestAckedSequence.map({ packet.routeSequence > $0 }) ?? true {
            routes[ri].largestAckedSequence = packet.routeSequence
        }
    }

    // MARK: Loss detection

    /// Declares lost the route's packets sent 3 or more packets before its newest acknowledged
    /// one, or more than 9/8 · RTT before now; sets the time of the next possible declaration.
    func detectLosses(route ri: Int, now: UInt64) {
        routes[ri].lossTime = nil
        guard let largest = routes[ri].largestAckedSequence else { return }
        let lossDelay = max(max(routes[ri].rtt.latest, routes[ri].rtt.smoothed) * 9 / 8, 1_000_000)
        let lostBefore = now > lossDelay ? now - lossDelay : 0
        var newestLostSentAt: UInt64?
        var i = 0
        while i < routes[ri].sent.count {
            let packet = routes[ri].sent[i]
            if packet.routeSequence >= largest { break }
            if packet.outstanding {
                if packet.sentAt <= lostBefore || largest >= packet.routeSequence + 3 {
                    declareLost(route: ri, position: i)
                    if packet.inFlight { newestLostSentAt = max(newestLostSentAt ?? 0, packet.sentAt) }
                } else {
                    let due = packet.sentAt + lossDelay
                    routes[ri].lossTime = min(routes[ri].lossTime ?? UInt64.max, due)
                }
            }
            i += 1
        }
        if let sentAt = newestLostSentAt { routes[ri].congestion.onLost(largestSentAt: sentAt, now: now) }
        routes[ri].trimSent()
    }

    private func declareLost(route ri: Int, position i: Int) {
        var packet = routes[ri].sent[i]
        packet.outstanding = false
        routes[ri].sent[i] = packet
        routes[ri].removeFromFlight(packet)
        routes[ri].packetsLost += 1
        if !packet.streamRange.isEmpty { stream.onLost(packet.streamRange) }
    }

    /// Queues for sending again the stream data of every outstanding packet of route `ri`
    /// (the packets stay outstanding: an ACK may still come).
    func requeueStreamData(of ri: Int) {
        for i in 0..<routes[ri].sent.count where routes[ri].sent[i].outstanding {
            let range = routes[ri].sent[i].streamRange
            if !range.isEmpty { stream.onLost(range) }
        }
    }

    // MARK: Liveness

    /// The probe timeout of route `ri` fired: its data goes again on other routes, a probe goes
    /// on it, and after `deadAfterProbeTimeouts` of these in a row it is dead.
    func onProbeTimeout(route ri: Int, now: UInt64) {
        routes[ri].probeTimeouts += 1
        requeueStreamData(of: ri)
        if routes[ri].probeTimeouts >= config.deadAfterProbeTimeouts {
            markDead(ri, now: now)
        } else {
            routes[ri].probesPending = max(routes[ri].probesPending, 1)
            // The next timeout counts from now even if the probe cannot leave at once.
            routes[ri].lastAckElicitingSentAt = now
        }
    }

    /// Route `ri` is dead: everything it had in flight is forgotten (its stream data re-sent
    /// elsewhere), the owner is told, and it is probed only now and then.
    func markDead(_ ri: Int, now: UInt64) {
        guard routes[ri].state == .live else { return }
        requeueStreamData(of: ri)
        routes[ri].state = .dead
        routes[ri].sent.removeAll()
        routes[ri].bytesInFlight = 0
        routes[ri].outstandingAckEliciting = 0
        routes[ri].lossTime = nil
        routes[ri].probeTimeouts = 0
        routes[ri].probesPending = 0
        routes[ri].nextDeadProbeAt = now + config.deadRouteProbeInterval
        events.append(.routeDead(routes[ri].id))
        requestRoutesIfNeeded()
    }

    /// A dead route answered (or was added again): back to a fresh window.
    func revive(_ ri: Int, now: UInt64) {
        guard routes[ri].state == .dead else { return }
        routes[ri].state = .live
        routes[ri].congestion.reset()
        routes[ri].probeTimeouts = 0
        routes[ri].lastAckAt = now
        events.append(.routeRevived(routes[ri].id))
    }

    /// When the probe timeout of a live route fires, if it has ack-eliciting packets out.
    func probeDeadline(route ri: Int) -> UInt64? {
        guard routes[ri].isLive, routes[ri].outstandingAckEliciting > 0 else { return nil }
        let base = routes[ri].rtt.probeTimeout(maxAckDelay: config.maxAckDelay)
        let shift = UInt64(min(routes[ri].probeTimeouts, 16))
        return routes[ri].lastAckElicitingSentAt + base << shift
    }

    /// When a live route with unanswered packets counts as dead by the silence rule.
    func silenceDeadline(route ri: Int) -> UInt64? {
        guard routes[ri].isLive, routes[ri].outstandingAckEliciting > 0,
              let oldest = routes[ri].oldestAckElicitingSentAt else { return nil }
        let silence = max(config.deadAfterSilentRTTs * routes[ri].rtt.smoothed, config.minimumDeadTime)
        return max(routes[ri].lastAckAt, oldest) + silence
    }

    /// When an idle live route gets a keep-measuring probe.
    func idleProbeTime(route ri: Int) -> UInt64? {
        guard routes[ri].isLive, routes[ri].outstandingAckEliciting == 0, routes[ri].probesPending == 0 else { return nil }
        return routes[ri].lastAckElicitingSentAt + config.routeProbeInterval
    }

    // MARK: Timers

    /// Runs every timer due at `now`: loss detection, probe timeouts, dead routes, probes of
    /// idle and dead routes, the idle timeout. Call `drainOutgoing` afterwards.
    public func tick(now: UInt64) {
        guard phase == .open else { return }
        if now >= lastReceiveAt + config.idleTimeout {
            finishClosing(.idle)
            return
        }
        for ri in routes.indices {
            if let due = routes[ri].lossTime, due <= now { detectLosses(route: ri, now: now) }
            switch routes[ri].state {
            case .live:
                if let due = silenceDeadline(route: ri), due <= now {
                    markDead(ri, now: now)
                } else if let due = probeDeadline(route: ri), due <= now {
                    onProbeTimeout(route: ri, now: now)
                } else if let due = idleProbeTime(route: ri), due <= now {
                    routes[ri].probesPending = 1
                }
            case .dead:
                if now >= routes[ri].nextDeadProbeAt {
                    routes[ri].probesPending = 1
                    routes[ri].nextDeadProbeAt = now + config.deadRouteProbeInterval
                }
            }
        }
        if let due = flowBlockedProbeTime(), due <= now, let best = fastestRoute(includeSuspect: true) {
            routes[best].probesPending = max(routes[best].probesPending, 1)
            flowBlockedProbes += 1
        }
    }

    /// With new data waiting only for the peer's window and nothing in flight, a probe makes
    /// the peer repeat its window (in case the ACK that opened it was lost). The wait doubles
    /// with each such probe until the window opens (a reader that stopped costs little).
    func flowBlockedProbeTime() -> UInt64? {
        guard stream.isFlowBlocked else { return nil }
        for ri in routes.indices where routes[ri].outstandingAckEliciting > 0 { return nil }
        guard let best = fastestRoute(includeSuspect: true) else { return nil }
        let wait = routes[best].rtt.probeTimeout(maxAckDelay: config.maxAckDelay) << UInt64(min(flowBlockedProbes, 6))
        return lastAckElicitingSentAt + wait
    }

    /// The earliest time `tick` has something to do (or `drainOutgoing` something to send);
    /// nil when the session is closed.
    public var nextDeadline: UInt64? {
        switch phase {
        case .closed: return nil
        case .closing: return 0
        case .open: break
        }
        var deadline = lastReceiveAt + config.idleTimeout
        func consider(_ time: UInt64?) { if let time { deadline = min(deadline, time) } }
        if ackOwed && !routes.isEmpty { consider(acks.deadline) }
        consider(pacingWakeup)
        consider(flowBlockedProbeTime())
        for ri in routes.indices {
            if routes[ri].probesPending > 0 { return 0 }
            consider(routes[ri].lossTime)
            switch routes[ri].state {
            case .live:
                consider(probeDeadline(route: ri))
                consider(silenceDeadline(route: ri))
                consider(idleProbeTime(route: ri))
            case .dead:
                consider(routes[ri].nextDeadProbeAt)
            }
        }
        return deadline
    }
}
