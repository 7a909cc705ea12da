import Foundation
import SkywireAgent
import Testing

/// Three agents in this process on 127.0.0.1, in a static-peer chain A – B – C (B dials both;
/// A and C do not know each other): A pings C over B through its control socket.
@Suite(.serialized) struct RouteRuntimeTests {
    let dir = TemporaryDirectory()

    private func config(_ name: String, peers: [StaticPeer] = []) -> AgentConfig {
        var config = AgentConfig()
        config.keyPath = dir.file("\(name).key")
        config.controlPath = dir.file("\(name).sock")
        config.port = 0
        config.peers = peers
        config.discovery = false
        config.logLevel = .debug
        return config
    }

    private func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func aPingsCOverB() throws {
        let logA = LogCollector(), logB = LogCollector(), logC = LogCollector()
        let a = try Agent(config: config("a"), version: "test", logger: logA.logger)
        let c = try Agent(config: config("c"), version: "test", logger: logC.logger)
        let b = try Agent(
            config: config("b", peers: [StaticPeer(key: a.nodeKey, address: .v4(.loopback, port: a.port)),
                                        StaticPeer(key: c.nodeKey, address: .v4(.loopback, port: c.port))]),
            version: "test", logger: logB.logger)
        let running = [RunningAgent(a), RunningAgent(b), RunningAgent(c)]
        defer { for agent in running { agent.stop() } }
        let aSocket = dir.file("a.sock")

        // No path before the topology converged: an immediate error, not a wait.
        let stranger = try #require(ControlRequest(line: "ping skn1q2k933pjj88dz0zdjnncql3htxgxu37p8nj830la38ky892u2tfkjc9xj2w"))
        #expect {
            try ControlClient.query(stranger, path: aSocket)
        } throws: { error in
            guard case .refused(let message) = error as? ControlQueryError else { return false }
            return message.hasPrefix("no route to ")
        }

        // Converged when A's one-ping request to C is answered.
        var first: [String: Any] = [:]
        let reached = eventually(within: 30) {
            guard let reply = try? ControlClient.query(.ping(c.nodeKey, count: 1, json: true), path: aSocket, timeoutSeconds: 15),
                  let object = try? json(reply), object["received"] as? Int == 1 else { return false }
            first = object
            return true
        }
        #expect(reached, "a: \(logA.all.suffix(20))\nb: \(logB.all.suffix(20))\nc: \(logC.all.suffix(20))")
        guard reached else { return }
        let pings = first["pings"] as? [[String: Any]]
        #expect(first["destination"] as? String == c.address)
        #expect(pings?.first?["hops"] as? Int == 2)
        #expect((pings?.first?["rtt_ms"] as? NSNumber)?.doubleValue ?? 0 > 0)

        // Two more, in text: each answered over two hops (the second rides on the same route).
        let text = try ControlClient.query(.ping(c.nodeKey, count: 2, json: false), path: aSocket, timeoutSeconds: 20)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3, "\(text)")
        #expect(lines.prefix(2).allSatisfy { $0.hasPrefix("reply from \(c.address): seq=") && $0.contains(" hops=2 rtt=") })
        #expect(lines.last?.hasPrefix("2 sent, 2 received, rtt min/avg/max = ") == true)
        #expect(PingReport.receivedCount(inReply: text) == 2)

        // A's routes show the route to C (2 hops, next hop B); B relays it and owns none.
        let routesA = try json(ControlClient.query(.routes(json: true), path: aSocket))
        let toC = (routesA["routes"] as? [[String: Any]] ?? []).filter { $0["peer"] as? String == c.address }
        #expect(toC.contains { $0["hops"] as? Int == 2 && $0["next_hop"] as? String == b.address && $0["status"] as? String == "up" },
                "\(routesA)")
        let routesB = try json(ControlClient.query(.routes(json: true), path: dir.file("b.sock")))
        #expect((routesB["transit_routes"] as? Int ?? 0) >= 1)
        #expect((routesB["routes"] as? [Any])?.isEmpty == true)
        #expect(logA.all.contains { $0.contains(" info route up: ") && $0.contains(", 2 hops") })
        #expect(logA.all.contains { $0.contains(" info ping reply: ") })
    }
}
