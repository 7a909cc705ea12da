import SkywireIO
import SkywireLink
import SkywireWire

/// The event loop: one thread, one epoll, no allocation per datagram on the path
/// recvmmsg → `LinkManager.receive` → `drainOutgoing` → sendmmsg.
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
            links.addStaticPeer(peer.key, at: PathConversion.path(for: peer.address), now: start)
        }
        var stopping = false
        while !stopping {
            let now = SystemClock.monotonicNanoseconds()
            runTimers(now: now)
            flushLinkOutput()
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
                    if control.handle(token: token, epoll: epoll, respond: respond) {
                        counters.controlRequests &+= 1
                    }
                }
            }
        }
        let reason = SignalStop.lastSignalName.map { " (\($0))" } ?? ""
        logger.info("stopping\(reason)")
    }

    /// Link timers, interface scans, beacons and control-connection timeouts that are due.
    private func runTimers(now: UInt64) {
        if let deadline = links.nextDeadline, deadline <= now {
            links.tick(now: now)
        }
        beaconing.scanIfDue(now: now, sockets: sockets, logger: logger)
        let links = self.links, port = sockets.port
        beaconing.beaconIfDue(now: now, sockets: sockets, counters: &counters, logger: logger) { endpoints in
            links.makeBeacon(linkPort: port, endpoints: endpoints, capabilities: [])
        }
        control.expire(now: now)
    }

    /// Nanoseconds until the earliest timer (link layer, beacons, scans, control timeouts).
    private func timeout(now: UInt64) -> UInt64 {
        var deadline = beaconing.nextDeadline
        if let next = links.nextDeadline { deadline = min(deadline, next) }
        if let next = control.nextDeadline { deadline = min(deadline, next) }
        return deadline > now ? deadline - now : 0
    }

    /// Reads what the socket has (a bounded number of batches), feeding each datagram to the
    /// link layer and sending its output after each batch.
    private func receive(from socket: UDPSocket) {
        let links = self.links, beaconing = self.beaconing
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
                    links.receive(datagram, from: path, now: now)
                }
            } catch {
                logger.warning("receive: \(error)")
                return
            }
            counters.beaconsIgnored &+= ignored
            flushLinkOutput()
            if count < LinkSockets.batchSize { return }
        }
    }

    /// Sends what the link layer queued, logs its events, and discards frames for upper layers
    /// (none consume them yet).
    private func flushLinkOutput() {
        let sockets = self.sockets
        links.drainOutgoing { bytes, path in
            sockets.enqueue(bytes, to: path, counters: &counters)
        }
        sockets.flush(counters: &counters)
        links.drainEvents { event in log(event) }
        links.drainDelivered { _, _, _ in counters.framesDiscarded &+= 1 }
    }

    private func log(_ event: LinkEvent) {
        switch event {
        case .neighborUp(let key):
            logger.info("neighbor \(AgentText.nodeAddress(key)) up")
        case .neighborDown(let key):
            logger.info("neighbor \(AgentText.nodeAddress(key)) down")
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
