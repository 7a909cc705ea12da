extension LinkManager {
    /// Advances every timer that is due at `now`: liveness, handshake retries and static-peer
    /// re-dials, rehandshakes, the retirement of replaced sessions, probes, reports and
    /// keepalives. After it returns, `nextDeadline` is later than `now` (or nil).
    public func tick(now: UInt64) {
        advanceClock(now)
        var forget: [Link] = []
        for neighbor in neighbors.values {
            for link in neighbor.links {
                tick(link, now: now)
                if !link.isStatic, link.state == .down,
                   elapsed(now, since: link.downSince) >= config.forgetDownLinksAfter {
                    forget.append(link)
                }
            }
        }
        for link in forget { remove(link) }
    }

    /// The earliest time `tick` has work to do (nil: nothing scheduled).
    public var nextDeadline: UInt64? {
        var earliest: UInt64?
        func consider(_ t: UInt64) { earliest = min(earliest ?? t, t) }
        for neighbor in neighbors.values {
            for link in neighbor.links {
                if link.state == .up {
                    if let heard = link.lastHeardAt { consider(later(heard, config.deadAfter)) }
                    consider(link.nextProbeAt)
                    consider(link.nextReportAt)
                    consider(later(link.lastSentAt, config.keepaliveInterval))
                    if link.pending == nil, link.unconfirmed == nil, let current = link.current {
                        consider(rehandshakeDue(current))
                    }
                }
                if link.unconfirmed != nil { consider(link.unconfirmedDeadline) }
                if link.previous != nil {
                    let received = (link.current?.packetsReceived ?? 0) > 0
                    consider(received ? link.previousRetireAt : link.previousExpireAt)
                }
                if let retry = link.retryAt { consider(retry) }
                if link.state == .down && !link.isStatic {
                    consider(later(link.downSince, config.forgetDownLinksAfter))
                }
            }
        }
        return earliest
    }

    /// When a session gets a fresh handshake: its initiator after `rehandshakeAfter`; its
    /// responder, as a fallback if the initiator never does, half that again later.
    func rehandshakeDue(_ session: LinkSession) -> UInt64 {
        let after = config.rehandshakeAfter
        return later(session.establishedAt, session.isInitiator ? after : later(after, after / 2))
    }

    private func tick(_ link: Link, now: UInt64) {
        // Liveness.
        if link.state == .up, let heard = link.lastHeardAt, elapsed(now, since: heard) >= config.deadAfter {
            markDown(link, now: now)
        }
        // A responder session the initiator never confirmed.
        if link.unconfirmed != nil, now >= link.unconfirmedDeadline {
            discardUnconfirmed(link)
            if link.state == .handshaking && link.pending == nil {
                link.state = .down
                link.downSince = now
                if link.isStatic && link.retryAt == nil { link.retryAt = now }
            }
        }
        // The session a rehandshake replaced.
        if link.previous != nil {
            let received = (link.current?.packetsReceived ?? 0) > 0
            if now >= link.previousExpireAt || (received && now >= link.previousRetireAt) {
                discardPrevious(link)
            }
        }
        // Handshake retries, static re-dials.
        if let retry = link.retryAt, now >= retry {
            retryHandshake(link, now: now)
        }
        // Rehandshake for forward secrecy.
        if link.state == .up, link.pending == nil, link.unconfirmed == nil, let current = link.current,
           now >= rehandshakeDue(current) {
            startInitiation(link, to: link.path, now: now)
        }
        // Probes, reports, keepalives.
        if link.state == .up { sendLinkFrames(link, now: now) }
    }

    private func retryHandshake(_ link: Link, now: UInt64) {
        link.retryAt = nil
        if link.state == .up && link.pending == nil { return }  // completed meanwhile
        if link.unconfirmed != nil && link.state != .up {
            // The peer's handshake is waiting for its confirmation; look again after it.
            link.retryAt = link.unconfirmedDeadline
            return
        }
        let keepTrying = link.isStatic || link.state == .up || link.attempts < config.discoveredAttempts
        guard keepTrying else {
            cancelPending(link)
            link.state = .down
            link.downSince = now
            return
        }
        let target = link.state == .up ? link.path : (link.staticPath ?? link.path)
        if link.state != .up { link.path = target }
        startInitiation(link, to: target, now: now)
    }

    private func remove(_ link: Link) {
        guard let neighbor = neighbors[link.neighbor] else { return }
        neighbor.links.removeAll { $0 === link }
        if neighbor.links.isEmpty { neighbors[link.neighbor] = nil }
    }
}
