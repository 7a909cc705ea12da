import SkywireCrypto
import SkywireNoise
import SkywireTransport
import SkywireWire

extension LinkManager {
    // MARK: Initiating

    /// The IK timestamp for an initiation now: the wall clock, forced strictly above the last
    /// one this manager used (a responder refuses anything not newer).
    func nextInitiationStamp(now: UInt64) -> UInt64 {
        lastInitiationStamp = max(wallClock(at: now), lastInitiationStamp &+ 1)
        return lastInitiationStamp
    }

    /// Sends a fresh initiation on `link` to `target` (replacing one in flight) and schedules
    /// its retry.
    func startInitiation(_ link: Link, to target: PathAddress, now: UInt64) {
        cancelPending(link)
        link.attempts += 1
        link.lastAttemptAt = now
        link.retryAt = later(now, config.retryDelay(afterAttempt: link.attempts))
        let initiator: LinkInitiator
        let message: [UInt8]
        do throws(LinkHandshakeError) {
            initiator = try LinkInitiator(localStatic: identity, remoteStatic: link.neighbor)
            message = try initiator.initiation(now: nextInitiationStamp(now: now))
        } catch {
            return  // unreachable with valid keys; the retry timer tries again
        }
        let index = allocateIndex()
        let pending = PendingInitiation(initiator: initiator, localIndex: index, target: target)
        indices[index] = .initiation(link, pending)
        link.pending = pending
        if link.state == .down { link.state = .handshaking }
        sendEnvelope(message, to: target) { (noise, w) throws(WireError) in
            try HandshakeInitiationEnvelope(senderIndex: index, noise: noise).encode(into: &w)
        }
        counters.initiationsSent &+= 1
    }

    /// Encodes a handshake envelope around `noise` straight into an outgoing slot.
    private func sendEnvelope(
        _ noise: [UInt8], to path: PathAddress,
        _ encode: (UnsafeRawBufferPointer, inout ByteWriter) throws(WireError) -> Void
    ) {
        guard let slot = outgoing.reserve() else {
            drop(.queueFull)
            return
        }
        var writer = ByteWriter(slot)
        let encoded: Result<Void, WireError> = noise.withUnsafeBytes { raw in
            Result { () throws(WireError) in try encode(raw, &writer) }
        }
        // A Noise message never exceeds the datagram size; if it did the slot stays unused.
        guard case .success = encoded else { return }
        outgoing.commit(length: writer.offset, path: path)
    }

    /// Forgets the initiation in flight on `link`, if any (its retry stays scheduled).
    func cancelPending(_ link: Link) {
        guard let pending = link.pending else { return }
        pending.initiator.abort()
        indices[pending.localIndex] = nil
        link.pending = nil
    }

    // MARK: Responding

    func receiveInitiation(_ bytes: UnsafeRawBufferPointer, from: PathAddress, now: UInt64) {
        let envelope: HandshakeInitiationEnvelope
        do throws(WireError) {
            envelope = try HandshakeInitiationEnvelope.decode(bytes)
        } catch {
            drop(.malformed)
            return
        }
        guard envelope.senderIndex != 0 else {
            drop(.malformed)
            return
        }
        let responder: LinkResponder
        let initiation: LinkInitiation
        do throws(LinkHandshakeError) {
            responder = try LinkResponder(localStatic: identity)
            initiation = try responder.readInitiation(Array(envelope.noise), replayGuard: &replayGuard)
        } catch {
            switch error {
            case .replayedInitiation: drop(.replayedInitiation)
            case .handshake, .initiationTooShort, .malformedTimestamp: drop(.handshakeFailed)
            }
            return
        }
        let key = initiation.initiatorStatic
        guard key != localKey else {
            responder.abort()
            drop(.ownMessage)
            return
        }
        guard let link = findOrCreateLink(key, path: from, now: now) else {
            responder.abort()
            return
        }
        if let pending = link.pending {
            // Both sides initiated: on the same route the initiation from the lower key wins.
            if pending.target.sameRoute(as: from) && localKey < key {
                responder.abort()
                drop(.simultaneousInitiation)
                return
            }
            cancelPending(link)
            link.retryAt = nil
        }
        let keys: TransportKeys
        let message: [UInt8]
        do throws(LinkHandshakeError) {
            (message, keys) = try responder.response(payload: [])
        } catch {
            drop(.handshakeFailed)
            return
        }
        let index = allocateIndex()
        let session = LinkSession(
            transport: TransportSession(
                sendKey: keys.sendKey, receiveKey: keys.receiveKey, localIndex: index,
                remoteIndex: envelope.senderIndex, now: now, policy: config.rekey),
            isInitiator: false, now: now)
        discardUnconfirmed(link)
        indices[index] = .session(link, session)
        link.unconfirmed = session
        link.unconfirmedDeadline = later(now, config.deadAfter)
        if link.state == .down { link.state = .handshaking }
        let receiverIndex = envelope.senderIndex
        sendEnvelope(message, to: from) { (noise, w) throws(WireError) in
            try HandshakeResponseEnvelope(senderIndex: index, receiverIndex: receiverIndex, noise: noise)
                .encode(into: &w)
        }
        counters.responsesSent &+= 1
    }

    // MARK: Completing (initiator)

    func receiveResponse(_ bytes: UnsafeRawBufferPointer, from: PathAddress, now: UInt64) {
        let envelope: HandshakeResponseEnvelope
        do throws(WireError) {
            envelope = try HandshakeResponseEnvelope.decode(bytes)
        } catch {
            drop(.malformed)
            return
        }
        guard envelope.senderIndex != 0 else {
            drop(.malformed)
            return
        }
        guard let owner = indices[envelope.receiverIndex], case .initiation(let link, let pending) = owner else {
            drop(.unknownIndex)
            return
        }
        let keys: TransportKeys
        do throws(LinkHandshakeError) {
            keys = try pending.initiator.readResponse(Array(envelope.noise)).keys
        } catch {
            // The initiator state is spent; the retry timer sends a fresh initiation.
            cancelPending(link)
            drop(.handshakeFailed)
            return
        }
        let session = LinkSession(
            transport: TransportSession(
                sendKey: keys.sendKey, receiveKey: keys.receiveKey, localIndex: pending.localIndex,
                remoteIndex: envelope.senderIndex, now: now, policy: config.rekey),
            isInitiator: true, now: now)
        link.pending = nil
        link.attempts = 0
        link.retryAt = nil
        indices[pending.localIndex] = .session(link, session)
        discardUnconfirmed(link)
        install(session, on: link, from: from, now: now)
        // Key confirmation for the responder, and the first RTT sample.
        sendLinkFrames(link, now: now, forceProbe: true)
    }

    // MARK: Session changes

    /// Makes `session` the link's current one (the old current one stays accepted as
    /// `previous`), moves the path to where the authenticating packet came from, and brings the
    /// link up.
    func install(_ session: LinkSession, on link: Link, from: PathAddress, now: UInt64) {
        if let old = link.current {
            discardPrevious(link)
            link.previous = old
            link.previousRetireAt = later(now, config.keepaliveInterval)
            link.previousExpireAt = later(now, config.deadAfter)
        }
        link.current = session
        if link.pending == nil {
            link.attempts = 0
            link.retryAt = nil
        }
        link.handshakes &+= 1
        counters.handshakesCompleted &+= 1
        link.lastHeardAt = now
        moveEndpoint(link, to: from)
        markUp(link, now: now)
    }

    /// Points the link at `path` (after authentication only), with an event if it was up.
    func moveEndpoint(_ link: Link, to path: PathAddress) {
        guard link.path != path else { return }
        if link.state == .up {
            events.append(.endpointRoamed(link.neighbor, from: link.path, to: path))
        }
        link.path = path
    }

    func markUp(_ link: Link, now: UInt64) {
        guard link.state != .up else { return }
        let neighborWasUp = neighbors[link.neighbor]?.isUp ?? false
        link.state = .up
        link.upSince = now
        link.nextProbeAt = now
        link.nextReportAt = later(now, config.reportInterval)
        events.append(.linkUp(link.neighbor, link.path))
        if !neighborWasUp { events.append(.neighborUp(link.neighbor)) }
    }

    /// Drops every session and handshake of the link. A static link re-dials at once.
    func markDown(_ link: Link, now: UInt64) {
        let wasUp = link.state == .up
        cancelPending(link)
        discardUnconfirmed(link)
        discardPrevious(link)
        if let current = link.current {
            indices[current.localIndex] = nil
            link.current = nil
        }
        link.state = .down
        link.downSince = now
        link.upSince = nil
        link.retryAt = nil
        link.resetMetrics()
        if wasUp {
            events.append(.linkDown(link.neighbor, link.path))
            if neighbors[link.neighbor]?.isUp == false { events.append(.neighborDown(link.neighbor)) }
        }
        if link.isStatic {
            link.attempts = 0
            link.retryAt = now
        }
    }

    func discardUnconfirmed(_ link: Link) {
        guard let session = link.unconfirmed else { return }
        indices[session.localIndex] = nil
        link.unconfirmed = nil
    }

    func discardPrevious(_ link: Link) {
        guard let session = link.previous else { return }
        indices[session.localIndex] = nil
        link.previous = nil
    }
}
