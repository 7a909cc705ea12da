import SkywireCrypto
import SkywireTransport
import SkywireWire

extension LinkManager {
    // MARK: Receiving

    /// Demultiplexes by receiver index (never by source address), opens in place, then acts on
    /// the frames. Only an authenticated packet changes anything.
    func receiveTransport(_ packet: UnsafeMutableRawBufferPointer, from: PathAddress, now: UInt64) {
        let fields: TransportHeader.Fields
        do throws(TransportError) {
            fields = try TransportHeader.parse(UnsafeRawBufferPointer(packet))
        } catch {
            drop(.badTransportHeader)
            return
        }
        guard let owner = indices[fields.receiverIndex], case .session(let link, let session) = owner else {
            drop(.unknownIndex)
            return
        }
        let plaintext: Range<Int>
        do throws(TransportError) {
            plaintext = try session.transport.open(packet: packet, now: now)
        } catch {
            drop(Self.dropReason(for: error))
            return
        }
        let size = UInt64(packet.count)
        session.packetsReceived &+= 1
        session.bytesReceived &+= size
        link.packetsIn &+= 1
        link.bytesIn &+= size
        link.lastHeardAt = now
        if session === link.unconfirmed {
            // Key confirmation: the initiator's first packet on the new session.
            link.unconfirmed = nil
            install(session, on: link, from: from, now: now)
        } else if session === link.current, from != link.path,
                  session.transport.highestReceivedCounter == fields.counter {
            // Roaming: only the newest authenticated packet moves the endpoint, so a delayed
            // or reordered one from the old address cannot move it back.
            moveEndpoint(link, to: from)
        }
        handleFrames(UnsafeRawBufferPointer(rebasing: packet[plaintext]), link: link, session: session, now: now)
        if link.pendingEcho != nil { sendLinkFrames(link, now: now) }
    }

    static func dropReason(for error: TransportError) -> DropReason {
        switch error {
        case .packetTooShort, .reservedFlagsSet, .wrongReceiverIndex, .counterBeyondLimit,
             .unknownEpoch, .epochExpired, .bufferTooSmall, .invalidPayloadLength, .counterExhausted:
            return .badTransportHeader
        case .replayed, .tooOld:
            return .replayedPacket
        case .authenticationFailed:
            return .authenticationFailed
        }
    }

    /// Checks the whole frame list first (an invalid frame drops the whole packet, §5), then
    /// acts on each frame: link frames here, everything else up through `drainDelivered`.
    private func handleFrames(_ plaintext: UnsafeRawBufferPointer, link: Link, session: LinkSession, now: UInt64) {
        do throws(WireError) {
            var check = FrameReader(plaintext)
            while let frame = try check.next() {
                switch frame.type {
                case .none: break
                case .some(.padding): break  // never returned: it ends the list
                case .some(.keepalive):
                    guard frame.body.isEmpty else { throw WireError.trailingBytes(frame.body.count) }
                case .some(.probe): _ = try ProbeFrame.decode(frame.body)
                case .some(.probeEcho): _ = try ProbeEchoFrame.decode(frame.body)
                case .some(.receiveReport): _ = try ReceiveReportFrame.decode(frame.body)
                case .some(.linkState), .some(.routeSetup), .some(.routeData), .some(.routeTeardown), .some(.receipt):
                    break  // checked by the routing and accounting layers, which own these frames
                }
            }
            var reader = FrameReader(plaintext)
            while let frame = try reader.next() {
                switch frame.type {
                case .none, .some(.linkState), .some(.routeSetup), .some(.routeData), .some(.routeTeardown),
                     .some(.receipt):
                    deliver(frame, from: link)
                case .some(.padding), .some(.keepalive): break
                case .some(.probe):
                    let probe = try ProbeFrame.decode(frame.body)
                    link.pendingEcho = PendingEcho(id: probe.id, sentAt: probe.sentAt, receivedAt: now)
                case .some(.probeEcho):
                    takeEcho(try ProbeEchoFrame.decode(frame.body), link: link, now: now)
                case .some(.receiveReport):
                    takeReport(try ReceiveReportFrame.decode(frame.body), link: link, session: session, now: now)
                }
            }
        } catch {
            drop(.badFrames)
        }
    }

    /// Copies one frame (type ‖ length ‖ body) into the delivered queue.
    private func deliver(_ frame: RawFrame, from link: Link) {
        let length = 3 + frame.body.count
        guard length <= delivered.slotSize, let slot = delivered.reserve() else {
            drop(.queueFull)
            return
        }
        slot[0] = frame.typeByte
        slot.storeBytes(of: UInt16(frame.body.count).bigEndian, toByteOffset: 1, as: UInt16.self)
        if let source = frame.body.baseAddress, frame.body.count > 0 {
            (slot.baseAddress! + 3).copyMemory(from: source, byteCount: frame.body.count)
        }
        delivered.commit(length: length, path: link.path, key: link.neighbor)
        counters.framesDelivered &+= 1
    }

    /// An RTT sample: now − sent-at − the echoer's hold time (RFC 6298 smoothing).
    private func takeEcho(_ echo: ProbeEchoFrame, link: Link, now: UInt64) {
        guard echo.sentAt <= now else { return }
        let roundTrip = now - echo.sentAt
        let hold = UInt64(echo.holdMicros) * 1_000
        guard roundTrip < 60_000_000_000, hold < roundTrip else { return }
        link.rtt.add(sample: roundTrip - hold)
    }

    /// The peer's cumulative receive counts on this session → lossOut and throughputOut.
    private func takeReport(_ report: ReceiveReportFrame, link: Link, session: LinkSession, now: UInt64) {
        let span = report.packets == 0 ? 0 : report.highestCounter &+ 1
        // Reports are cumulative; an older one (reordered) or one claiming counters we never
        // sent says nothing new.
        guard span >= session.peerSpan, report.packets >= session.peerPackets,
              report.bytes >= session.peerBytes, span <= session.transport.nextSendCounter else { return }
        link.lossOut.add(sent: span - session.peerSpan, delivered: report.packets - session.peerPackets)
        if let r = rate(bytes: report.bytes - session.peerBytes, over: elapsed(now, since: session.peerReportAt)) {
            link.throughputOut = r
        }
        session.peerSpan = span
        session.peerPackets = report.packets
        session.peerBytes = report.bytes
        session.peerReportAt = now
    }

    // MARK: Sending link frames

    /// Sends one packet on the link's current session with every link frame that is due: a
    /// pending probe echo, a probe (if due or `forceProbe`), a receive report; or a keepalive
    /// if only that is due. Timers advance even if the packet cannot be queued.
    func sendLinkFrames(_ link: Link, now: UInt64, forceProbe: Bool = false) {
        guard link.state == .up, let session = link.current else { return }
        let echo = link.pendingEcho
        link.pendingEcho = nil
        let probeDue = forceProbe || now >= link.nextProbeAt
        let reportDue = now >= link.nextReportAt
        let keepaliveDue = elapsed(now, since: link.lastSentAt) >= config.keepaliveInterval
        guard echo != nil || probeDue || reportDue || keepaliveDue else { return }

        var probe: ProbeFrame?
        if probeDue {
            link.probeID &+= 1
            probe = ProbeFrame(id: link.probeID, sentAt: now)
            link.nextProbeAt = later(now, config.probeInterval)
        }
        var report: ReceiveReportFrame?
        if reportDue {
            report = makeReport(link: link, session: session, now: now)
            link.nextReportAt = later(now, config.reportInterval)
        }
        link.lastSentAt = now

        guard let slot = outgoing.reserve() else {
            drop(.queueFull)
            return
        }
        let body = UnsafeMutableRawBufferPointer(
            rebasing: slot[TransportHeader.byteCount..<(slot.count - TransportHeader.tagByteCount)])
        var frames = FrameWriter(body)
        do throws(WireError) {
            if let echo {
                let held = elapsed(now, since: echo.receivedAt) / 1_000
                let echoFrame = ProbeEchoFrame(
                    id: echo.id, sentAt: echo.sentAt, holdMicros: UInt32(clamping: held))
                try frames.append(.probeEcho) { (w) throws(WireError) in try echoFrame.encode(into: &w) }
            }
            if let probe {
                try frames.append(.probe) { (w) throws(WireError) in try probe.encode(into: &w) }
            }
            if let report {
                try frames.append(.receiveReport) { (w) throws(WireError) in try report.encode(into: &w) }
            }
            if echo == nil && probe == nil && report == nil {
                try frames.append(.keepalive) { (_) throws(WireError) in }
            }
        } catch {
            return  // cannot happen: a few dozen bytes in a ≥ 224-byte body
        }
        seal(payloadLength: frames.count, in: slot, link: link, session: session, now: now)
    }

    /// Our receive counts on this session, and the lossIn / throughputIn of the interval since
    /// our last report.
    private func makeReport(link: Link, session: LinkSession, now: UInt64) -> ReceiveReportFrame {
        let span = session.receivedSpan
        if span >= session.reportedSpan && session.packetsReceived >= session.reportedPackets {
            link.lossIn.add(sent: span - session.reportedSpan, delivered: session.packetsReceived - session.reportedPackets)
        }
        if let r = rate(bytes: session.bytesReceived &- session.reportedBytes,
                        over: elapsed(now, since: session.reportedAt)) {
            link.throughputIn = r
        }
        session.reportedSpan = span
        session.reportedPackets = session.packetsReceived
        session.reportedBytes = session.bytesReceived
        session.reportedAt = now
        return ReceiveReportFrame(
            packets: session.packetsReceived, bytes: session.bytesReceived,
            highestCounter: session.transport.highestReceivedCounter ?? 0)
    }

    /// Seals the payload already at offset 16 of `slot` and commits the packet. A session that
    /// may not send any more starts a rehandshake.
    @discardableResult
    private func seal(
        payloadLength: Int, in slot: UnsafeMutableRawBufferPointer, link: Link, session: LinkSession, now: UInt64
    ) -> Bool {
        let length: Int
        do throws(TransportError) {
            length = try session.transport.seal(
                type: MessageType.transportData.rawValue, payloadLength: payloadLength, in: slot, now: now)
        } catch {
            if link.pending == nil { startInitiation(link, to: link.path, now: now) }
            return false
        }
        outgoing.commit(length: length, path: link.path)
        link.lastSentAt = now
        link.packetsOut &+= 1
        link.bytesOut &+= UInt64(length)
        return true
    }

    // MARK: Sending application frames

    /// Sends application frames (a frame list for the layer above; this layer does not look
    /// inside) to a neighbour over its best link: the up link with the lowest smoothed RTT,
    /// ties to the most recently heard. False if no link is up, the payload is larger than
    /// `maxPayloadSize`, the outgoing queue is full, or the session may not send any more.
    public func send(frames payload: UnsafeRawBufferPointer, to neighbor: PublicKey, now: UInt64) -> Bool {
        advanceClock(now)
        guard let link = neighbors[neighbor]?.bestLink(), let session = link.current,
              payload.count <= maxPayloadSize else {
            counters.sendFailures &+= 1
            return false
        }
        guard let slot = outgoing.reserve() else {
            drop(.queueFull)
            counters.sendFailures &+= 1
            return false
        }
        if let source = payload.baseAddress, payload.count > 0 {
            (slot.baseAddress! + TransportHeader.byteCount).copyMemory(from: source, byteCount: payload.count)
        }
        guard seal(payloadLength: payload.count, in: slot, link: link, session: session, now: now) else {
            counters.sendFailures &+= 1
            return false
        }
        return true
    }
}
