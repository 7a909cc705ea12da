import SkywireTransport
import SkywireWire

extension Session {
    /// Takes one session transport packet (type `0x23`) that arrived on `route`, opened in
    /// place in `packet`. An authentic packet on a route the session does not know adds that
    /// route (`routeLearned`). A refused packet changes nothing but the rejection counter (a
    /// packet that authenticates but does not decode still uses up its counter).
    public func receive(packet: UnsafeMutableRawBufferPointer, on route: RouteID, now: UInt64) throws(SessionError) {
        guard phase != .closed else { throw .closed }
        guard let first = packet.first, first == SessionMessageType.transport.rawValue else {
            counters.packetsRejected += 1
            throw .notTransportPacket(packet.first ?? 0)
        }
        let range: Range<Int>
        do {
            range = try transport.open(packet: packet, now: now)
        } catch {
            counters.packetsRejected += 1
            throw .transport(error)
        }
        let number: UInt64
        do {
            number = try TransportHeader.parse(UnsafeRawBufferPointer(packet)).counter
        } catch {
            counters.packetsRejected += 1
            throw .transport(error)
        }
        let plaintext = UnsafeRawBufferPointer(rebasing: packet[range])
        do {
            try SessionFrameReader.validate(plaintext)
        } catch {
            counters.packetsRejected += 1
            throw .malformed(error)
        }
        counters.packetsReceived += 1
        counters.bytesReceived += UInt64(packet.count)
        lastReceiveAt = now
        var index = routeIndex(route)
        if index == nil, routes.count < config.maximumRoutes {
            var path = RoutePath(id: route, learned: true, now: now, config: config)
            path.probesPending = 1
            routes.append(path)
            events.append(.routeLearned(route))
            index = routes.count - 1
        }
        var reordered = false
        if let index {
            reordered = routes[index].largestReceived.map { number < $0 } ?? false
            routes[index].largestReceived = max(routes[index].largestReceived ?? 0, number)
        }
        process(plaintext, number: number, reordered: reordered, now: now)
    }

    /// `receive` for an array: the packet is copied into the session's own buffer first.
    public func receive(packet: [UInt8], on route: RouteID, now: UInt64) throws(SessionError) {
        guard packet.count <= receiveBuffer.count else {
            counters.packetsRejected += 1
            throw .packetTooLarge(packet.count)
        }
        let result: Result<Void, SessionError> = receiveBuffer.withUnsafeMutableBytes { raw in
            let view = UnsafeMutableRawBufferPointer(rebasing: raw[0..<packet.count])
            packet.withUnsafeBytes { view.copyMemory(from: $0) }
            do throws(SessionError) {
                return .success(try receive(packet: view, on: route, now: now))
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Acts on the frames of a validated packet.
    private func process(_ plaintext: UnsafeRawBufferPointer, number: UInt64, reordered: Bool, now: UInt64) {
        var reader = SessionFrameReader(plaintext)
        var ackEliciting = false
        var carriesData = false
        var acknowledge = true
        while true {
            let frame: SessionFrame?
            do { frame = try reader.next() } catch { return }  // validated: unreachable
            guard let frame else { break }
            switch frame {
            case .ping:
                ackEliciting = true
            case .ack(let ack):
                onAck(ack, now: now)
            case .stream(let data):
                ackEliciting = true
                carriesData = true
                switch inbound.receive(offset: data.offset, data: data.data, fin: data.fin, now: now) {
                case .accepted: break
                case .deferred: acknowledge = false
                case .violation:
                    acknowledge = false
                    counters.flowControlViolations += 1
                }
            case .datagram(let bytes):
                ackEliciting = true
                carriesData = true
                if datagramsIn.push(bytes) {
                    counters.datagramsReceived += 1
                } else {
                    counters.datagramsDropped += 1
                }
            case .close(let code):
                finishClosing(.peer(code: code))
                return
            case .unknownOptional:
                break
            }
        }
        if acknowledge { acks.onPacket(
                number: number, ackEliciting: ackEliciting, carriesData: carriesData, reordered: reordered, now: now) }
        if inbound.takeFinishedReport() { events.append(.streamFinished) }
    }
}
