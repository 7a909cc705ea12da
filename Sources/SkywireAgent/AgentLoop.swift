import SkywireIO
import SkywireLink
import SkywireNode
import SkywireWire

/// The event loop: one thread, one epoll, no allocation per datagram on the link path
/// recvmmsg → `SkywireNode.receive` → `drainOutgoing` → sendmmsg.
extension Agent {
    private enum Token {
        static let ipv4: UInt64 = 1
        static let ipv6: UInt64 = 2
        static let control: UInt64 = 3
        static let wakeup: UInt64 = 4
        static let interfaces: UInt64 = 5
    }

    /// How long after an interface change notification the interfaces are listed again.
    private static let rescanDelay: UInt64 = 100_000_000

    /// Batches read from one socket per readiness event before the loop looks at timers and
    /// the other descriptors again (fairness under a flood).
    private static let batchesPerEvent = 8

    /// Runs until `requestStop` or a termination signal. Throws only if epoll itself fails.
    public func run() throws(AgentError) {
        defer { control.close() }
        do {
            try epoll.add(sockets.ipv4.fileDescriptor, interest: [.readable], token: Token.ipv4)
            if let ipv6 = sockets.ipv6 {
                try epoll.add(ipv6.fileDescriptor, interest: [.readable], token: Token.ipv6)
            }
            if let fd = control.fileDescriptor {
                try epoll.add(fd, interest: [.readable], token: Token.control)
            }
            try epoll.add(wakeup.fileDescriptor, interest: [.readable], token: Token.wakeup)
            if let watcher = interfaceWatcher {
                try epoll.add(watcher.fileDescriptor, interest: [.readable], token: Token.interfaces)
            }
        } catch {
            throw .system(error)
        }
        logStart()
        let start = SystemClock.monotonicNanoseconds()
        for peer in config.peers {
            node.addStaticPeer(peer.key, at: PathConversion.path(for: peer.address), now: start)
        }
        var stopping = false
        while !stopping {
            let now = SystemClock.monotonicNanoseconds()
            runTimers(now: now)
            flushNodeOutput()
            let count: Int
            do {
                count = try epoll.wait(timeoutNanoseconds: timeout(now: now), into: events)
            } catch {
                throw .system(error)
            }
            for index in 0..<count {
                let token = events.token(at: index)
                switch token {
                case Token.ipv4: receive(from: sockets.ipv4)
                case Token.ipv6: if let ipv6 = sockets.ipv6 { receive(from: ipv6) }
                case Token.control:
                    control.acceptPending(epoll: epoll, now: SystemClock.monotonicNanoseconds(), logger: logger)
                case Token.interfaces:
                    if interfaceWatcher?.drain() == true {
                        beaconing.scanSoon(at: SystemClock.monotonicNanoseconds() + Agent.rescanDelay)
                    }
                case Token.wakeup:
                    _ = try? wakeup.drain()
                    stopping = true
                default:
                    if control.handle(token: token, epoll: epoll, respond: { request, token in respond(request, token: token) }) {
                        counters.controlRequests &+= 1
                    }
                }
            }
        }
        let reason = SignalStop.lastSignalName.map { " (\($0))" } ?? ""
        logger.info("stopping\(reason)")
    }

    /// Node timers, pings, interface scans, beacons and control-connection timeouts that are due.
    private func runTimers(now: UInt64) {
        if let deadline = node.nextDeadline, deadline <= now {
            node.tick(now: now)
        }
        if let deadline = pings.nextDeadline, deadline <= now {
            for done in pings.sendDue(node: node, now: now) {
                control.answer(token: done.token, text: done.reply, epoll: epoll)
            }
        }
        beaconing.scanIfDue(now: now, sockets: sockets, logger: logger)
        let links = self.links, port = sockets.port
        beaconing.beaconIfDue(now: now, sockets: sockets, counters: &counters, logger: logger) { endpoints in
            links.makeBeacon(linkPort: port, endpoints: endpoints, capabilities: [])
        }
        for token in control.expire(now: now) { pings.cancel(token: token) }
    }

    /// Nanoseconds until the earliest timer (node, pings, beacons, scans, control timeouts).
    private func timeout(now: UInt64) -> UInt64 {
        var deadline = beaconing.nextDeadline
        if let next = node.nextDeadline { deadline = min(deadline, next) }
        if let next = pings.nextDeadline { deadline = min(deadline, next) }
        if let next = control.nextDeadline { deadline = min(deadline, next) }
        return deadline > now ? deadline - now : 0
    }

    /// Reads what the socket has (a bounded number of batches), feeding each datagram to the
    /// node and sending its output after each batch.
    private func receive(from socket: UDPSocket) {
        let node = self.node, beaconing = self.beaconing
        for _ in 0..<Agent.batchesPerEvent {
            let now = SystemClock.monotonicNanoseconds()
            let count: Int
            var ignored: UInt64 = 0
            do {
                count = try sockets.receive(from: socket, counters: &counters) { datagram, path in
                    // Beacons only count where discovery runs (not at all with discovery off).
                    if datagram.first == MessageType.beacon.rawValue, !beaconing.acceptsBeacons(on: path.interface) {
                        ignored &+= 1
                        return
                    }
                    node.receive(datagram, from: path, now: now)
                }
            } catch {
                logger.warning("receive: \(error)")
                return
            }
            counters.beaconsIgnored &+= ignored
            flushNodeOutput()
            if count < LinkSockets.batchSize { return }
        }
    }

    /// Handles the node's events (logs them; answers finished pings, whose next pings may queue
    /// more output), then sends everything the node queued.
    private func flushNodeOutput() {
        var finished: [(token: UInt64, reply: String)] = []
        let pings = self.pings
        let now = SystemClock.monotonicNanoseconds()
        node.drainEvents { event in
            log(event)
            if let done = pings.handle(event, now: now) { finished.append(done) }
        }
        for done in finished { control.answer(token: done.token, text: done.reply, epoll: epoll) }
        let sockets = self.sockets
        node.drainOutgoing { bytes, path in
            sockets.enqueue(bytes, to: path, counters: &counters)
        }
        sockets.flush(counters: &counters)
    }

    /// Link-level events as the node consumes them (neighbour up/down come as node events).
    func logLink(_ event: LinkEvent) {
        switch event {
        case .neighborUp, .neighborDown:
            break
        case .linkUp(let key, let path):
            logger.info("link up: \(AgentText.shortNodeAddress(key)) via \(describe(path))")
        case .linkDown(let key, let path):
            logger.info("link down: \(AgentText.shortNodeAddress(key)) via \(describe(path))")
        case .endpointRoamed(let key, let from, let to):
            logger.info("link roamed: \(AgentText.shortNodeAddress(key)) from \(describe(from)) to \(describe(to))")
        }
    }

    func describe(_ path: PathAddress) -> String {
        beaconing.name(of: path.interface) + " " + PathConversion.text(path.endpoint)
    }

    private func logStart() {
        logger.info("node \(address)\(keyCreated ? " (new key written to \(config.keyPath))" : "")")
        let families = sockets.ipv6 == nil ? "ipv4" : "ipv4+ipv6"
        logger.info("listening on udp port \(port) (\(families)); control socket \(config.controlPath)")
        if !config.discovery { logger.info("LAN discovery off") }
        for peer in config.peers { logger.info("static peer \(peer)") }
    }
}
