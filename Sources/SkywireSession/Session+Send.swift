import SkywireTransport
import SkywireWire

extension Session {
    /// What one outgoing packet is built for.
    enum PacketPurpose: Equatable {
        /// A PING (and an ACK if one is owed): probe timeout, new, idle or dead route.
        case probe
        /// Stream data to send again.
        case resend
        /// Queued datagrams.
        case datagrams
        /// Stream data not sent before.
        case newData
        /// Only an ACK frame (not ack-eliciting, not congestion controlled).
        case ackOnly
        /// The close frame.
        case close(code: UInt16)
    }

    /// Builds and seals every packet that may leave now and hands each to `send` with the
    /// route to send it on (the bytes are valid during the call only). Call after `receive`,
    /// `tick`, `write`, `sendDatagram`, `read` and `close`.
    public func drainOutgoing(now: UInt64, _ send: (RouteID, UnsafeRawBufferPointer) -> Void) {
        pacingWakeup = nil
        switch phase {
        case .closed:
            return
        case .closing(let code):
            var sentAny = false
            for ri in routes.indices where routes[ri].isLive {
                sentAny = emit(.close(code: code), on: ri, now: now, send: send) || sentAny
            }
            if !sentAny { for ri in routes.indices { _ = emit(.close(code: code), on: ri, now: now, send: send) } }
            finishClosing(.local(code: code))
            return
        case .open:
            break
        }
        // Probes first: they bypass the window.
        for ri in routes.indices {
            while routes[ri].probesPending > 0 && phase == .open {
                routes[ri].probesPending -= 1
                _ = emit(.probe, on: ri, now: now, send: send)
            }
        }
        sendData(now: now, send: send)
        if phase == .open, ackOwed, acks.isDue(now: now) {
            // An ACK for data carries a PING when nothing else on its route awaits an ACK:
            // the route that brings the peer its ACKs is then measured and its failure seen
            // (a PING is never answered with a PING, so an idle session stays quiet).
            let withPing = acks.acksData
            forEachAckRoute { ri in
                let probe = withPing && routes[ri].isLive && routes[ri].outstandingAckEliciting == 0
                _ = emit(probe ? .probe : .ackOnly, on: ri, now: now, send: send)
            }
        }
    }

    /// Sends stream data (again or new) and datagrams while the scheduler finds routes.
    private func sendData(now: UInt64, send: (RouteID, UnsafeRawBufferPointer) -> Void) {
        var budget = 4096  // packets per call; a safety bound, never reached in practice
        while phase == .open && budget > 0 {
            budget -= 1
            let purpose: PacketPurpose
            let route: Int?
            if stream.hasResend {
                purpose = .resend
                route = routeForResend()
            } else if !datagramsOut.isEmpty {
                purpose = .datagrams
                route = routeForDatagram()
            } else if stream.nextNewRange(maximum: 1) != nil {
                purpose = .newData
                route = routeForNewData(offset: stream.nextNew)
            } else {
                return
            }
            guard let ri = route else { return }
            let rate = routes[ri].pacingRate
            if config.pacing {
                let at = routes[ri].pacer.sendTime(size: config.maxPacketSize, now: now, rate: rate)
                if at > now {
                    pacingWakeup = at
                    return
                }
            }
            if !emit(purpose, on: ri, now: now, send: send) {
                // Nothing left of that kind after all (e.g. a resend range acknowledged meanwhile).
                if purpose == .resend && stream.hasResend { return }
                if purpose == .datagrams && !datagramsOut.isEmpty { return }
                if purpose == .newData { return }
            }
        }
    }

    /// Builds one packet for `purpose` on route `ri`, seals it and hands it over. False when
    /// there was nothing to put in it (or sealing failed; then the session closes).
    func emit(
        _ purpose: PacketPurpose, on ri: Int, now: UInt64, send: (RouteID, UnsafeRawBufferPointer) -> Void
    ) -> Bool {
        let number = transport.nextSendCounter
        let header = TransportHeader.byteCount
        let payloadCapacity = config.maxPacketSize - TransportHeader.overhead
        var streamRange: Range<UInt64> = 0..<0
        var ackEliciting = false
        var carriesAck = false
        var sealed = 0
        var exhausted = false
        packetBuffer.withUnsafeMutableBytes { buffer in
            var w = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: buffer[header..<(header + payloadCapacity)]))
            do throws(WireError) {
                // No ACK towards a dead route (unless no route is live): it would likely be lost
                // and would count as sent.
                let ackRouteOK = routes[ri].isLive || liveRouteCount == 0
                if ackRouteOK && !acks.received.isEmpty
                    && (acks.hasNews || purpose == .ackOnly || inbound.limit > inbound.advertisedLimit) {
                    acks.selectRanges()
                    try AckFrame.encode(
                        ranges: acks.selection, ackDelayMicros: acks.ackDelayMicros(now: now),
                        maxStreamOffset: inbound.limit, into: &w)
                    carriesAck = true
                }
                switch purpose {
                case .close(let code):
                    try SessionFrameWriter.close(code: code, into: &w)
                case .probe:
                    try SessionFrameWriter.ping(into: &w)
                    ackEliciting = true
                case .ackOnly:
                    break
                case .datagrams:
                    while let length = datagramsOut.firstLength, SessionFrameWriter.frameHeaderSize + length <= w.remaining {
                        try w.u8(SessionFrameType.datagram.rawValue)
                        try w.u16(UInt16(length))
                        let at = try w.reserve(length)
                        _ = datagramsOut.popFirst(into: UnsafeMutableRawBufferPointer(rebasing: w.buffer[at..<(at + length)]))
                        counters.datagramsSent += 1
                        ackEliciting = true
                    }
                case .resend, .newData:
                    let room = w.remaining - SessionFrameWriter.frameHeaderSize - StreamFrame.headerSize
                    guard room > 0 else { break }
                    let range = purpose == .resend ? stream.nextResend(maximum: room) : stream.nextNewRange(maximum: room)
                    guard let range else { break }
                    let dataEnd = min(range.upperBound, stream.finOffset ?? UInt64.max)
                    let fin = stream.finOffset.map { range.upperBound > $0 } ?? false
                    let length = Int(dataEnd - range.lowerBound)
                    let at = try StreamFrame.encodeHeader(offset: range.lowerBound, length: length, fin: fin, into: &w)
                    stream.copy(range.lowerBound..<dataEnd, into: UnsafeMutableRawBufferPointer(rebasing: w.buffer[at..<(at + length)]))
                    streamRange = range
                    ackEliciting = true
                }
            } catch {
                // The writer ran out of room: send what was built.
            }
            let isClose: Bool
            switch purpose {
            case .close: isClose = true
            case .probe, .resend, .datagrams, .newData, .ackOnly: isClose = false
            }
            guard ackEliciting || isClose || (purpose == .ackOnly && carriesAck) else { return }
            do {
                sealed = try transport.seal(
                    type: SessionMessageType.transport.rawValue, payloadLength: w.offset,
                    in: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<config.maxPacketSize]), now: now)
            } catch {
                exhausted = true
                return
            }
            send(routes[ri].id, UnsafeRawBufferPointer(rebasing: buffer[0..<sealed]))
        }
        if exhausted {
            finishClosing(.exhausted)
            return false
        }
        guard sealed > 0 else { return false }
        if carriesAck {
            acks.onAckSent()
            inbound.advertisedLimit = inbound.limit
        }
        if !streamRange.isEmpty {
            stream.onSent(streamRange)
            routes[ri].streamBytesSent += streamRange.upperBound - streamRange.lowerBound
        }
        recordSent(number: number, size: sealed, ackEliciting: ackEliciting, streamRange: streamRange, on: ri, now: now)
        return true
    }

    /// Bookkeeping after a packet left on route `ri`.
    private func recordSent(number: UInt64, size: Int, ackEliciting: Bool, streamRange: Range<UInt64>, on ri: Int, now: UInt64) {
        routes[ri].packetsSent += 1
        routes[ri].bytesSent += UInt64(size)
        guard ackEliciting else { return }
        let inFlight = routes[ri].isLive
        if !inFlight {
            // A dead route keeps only its latest probe: an ACK of it revives the route.
            routes[ri].sent.removeAll()
            routes[ri].outstandingAckEliciting = 0
        }
        let packet = SentPacket(
            number: number, routeSequence: routes[ri].nextSequence, sentAt: now, size: size,
            ackEliciting: true, inFlight: inFlight, streamRange: streamRange)
        routes[ri].nextSequence += 1
        routes[ri].sent.append(packet)
        if inFlight { routes[ri].bytesInFlight += size }
        routes[ri].outstandingAckEliciting += 1
        routes[ri].lastAckElicitingSentAt = now
        lastAckElicitingSentAt = now
        if config.pacing && inFlight {
            routes[ri].pacer.onSent(size: size, now: now, rate: routes[ri].pacingRate)
        }
    }
}
