import Foundation
import SkywireAgent
import SkywireIO
import Testing

/// Agents in this process, on 127.0.0.1, without namespaces: static peers, the control socket,
/// clean stops, and start-up failures.
@Suite(.serialized) struct AgentRuntimeTests {
    let dir = TemporaryDirectory()

    private func config(_ name: String, port: UInt16 = 0, peers: [StaticPeer] = []) -> AgentConfig {
        var config = AgentConfig()
        config.keyPath = dir.file("\(name).key")
        config.controlPath = dir.file("\(name).sock")
        config.port = port
        config.peers = peers
        config.discovery = false
        config.logLevel = .debug
        return config
    }

    private func neighbors(_ name: String) throws -> [[String: Any]] {
        let text = try ControlClient.query(.neighbors(json: true), path: dir.file("\(name).sock"))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object?["neighbors"] as? [[String: Any]] ?? []
    }

    /// True when `name`'s agent lists `address` as up with an up link that has an RTT.
    private func sees(_ name: String, _ address: String) -> Bool {
        guard let list = try? neighbors(name),
              let entry = list.first(where: { $0["address"] as? String == address }),
              entry["up"] as? Bool == true,
              let links = entry["links"] as? [[String: Any]] else { return false }
        return links.contains { $0["state"] as? String == "up" && $0["rtt_ms"] is NSNumber }
    }

    @Test func twoAgentsWithAStaticPeerComeUpAndReportAnRTT() throws {
        let logA = LogCollector(), logB = LogCollector()
        let a = try Agent(config: config("a"), version: "test", logger: logA.logger)
        let peer = StaticPeer(key: a.nodeKey, address: .v4(.loopback, port: a.port))
        let b = try Agent(config: config("b", peers: [peer]), version: "test", logger: logB.logger)
        #expect(a.keyCreated && b.keyCreated)
        #expect(a.port != 0 && b.port != 0 && a.port != b.port)
        let runningA = RunningAgent(a), runningB = RunningAgent(b)

        let up = eventually(within: 10) { sees("a", b.address) && sees("b", a.address) }
        #expect(up, "a: \(logA.all)\nb: \(logB.all)")

        let status = try ControlClient.query(.status(json: true), path: dir.file("a.sock"))
        let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
        #expect(object?["address"] as? String == a.address)
        #expect(object?["version"] as? String == "test")
        #expect(object?["port"] as? Int == Int(a.port))
        #expect(object?["neighbors_up"] as? Int == 1)
        let text = try ControlClient.query(.neighbors(json: false), path: dir.file("b.sock"))
        #expect(text.contains(a.address) && text.contains("127.0.0.1:\(a.port)"))
        #expect(logB.all.contains { $0.contains(" info neighbor \(a.address) up") })

        #expect(runningA.stop() && runningB.stop())
        #expect(runningA.failure == nil && runningB.failure == nil)
        #expect(!dir.exists("a.sock") && !dir.exists("b.sock"), "a clean stop removes the control socket")
        #expect(throws: ControlQueryError.noAgent(path: dir.file("a.sock"))) {
            try ControlClient.query(.status(json: false), path: dir.file("a.sock"))
        }
    }

    @Test func aStaticPeerOverIPv6() throws {
        let a = try Agent(config: config("a6"), version: "test", logger: LogCollector().logger)
        let peer = StaticPeer(key: a.nodeKey, address: .v6(.loopback, port: a.port, scopeID: 0))
        let b = try Agent(config: config("b6", peers: [peer]), version: "test", logger: LogCollector().logger)
        let runningA = RunningAgent(a), runningB = RunningAgent(b)
        defer {
            runningA.stop()
            runningB.stop()
        }
        #expect(eventually(within: 10) { sees("a6", b.address) && sees("b6", a.address) })
        let links = try neighbors("b6").first?["links"] as? [[String: Any]]
        #expect(links?.first?["endpoint"] as? String == "[::1]:\(a.port)")
    }

    @Test func theSameKeyFileKeepsTheAddress() throws {
        let first = try Agent(config: config("n"), version: "test", logger: LogCollector().logger)
        let address = first.address
        RunningAgent(first).stop()
        let second = try Agent(config: config("n"), version: "test", logger: LogCollector().logger)
        #expect(!second.keyCreated)
        #expect(second.address == address)
    }

    @Test func aBadKeyFileIsFatalAndNeverReplaced() throws {
        dir.write("kind node\nsecret zz\n", to: "bad.key")
        #expect {
            _ = try Agent(config: config("bad"), version: "test", logger: LogCollector().logger)
        } throws: { error in
            guard case .key = error as? AgentError else { return false }
            return true
        }
        #expect(try String(contentsOfFile: dir.file("bad.key"), encoding: .utf8) == "kind node\nsecret zz\n")
        #expect(!dir.exists("bad.sock"))
    }

    @Test func aPortInUseIsAnError() throws {
        let holder = try UDPSocket(bindingTo: .v4(.any, port: 0))
        #expect {
            _ = try Agent(config: config("p", port: holder.localAddress.port), version: "test",
                          logger: LogCollector().logger)
        } throws: { error in
            guard case .linkSocket = error as? AgentError else { return false }
            return "\(error)".hasPrefix("cannot open UDP port \(holder.localAddress.port): bind:")
        }
    }

    @Test func unknownRequestsGetAnErrorLine() throws {
        let running = RunningAgent(try Agent(config: config("u"), version: "test", logger: LogCollector().logger))
        defer { running.stop() }
        for line in ["bogus", "status xml", ""] {
            let reply = try UnixControlClient.exchange(path: dir.file("u.sock"), request: line)
            #expect(String(decoding: reply, as: UTF8.self) == "error unknown request\n")
        }
        let reply = try ControlClient.query(.neighbors(json: false), path: dir.file("u.sock"))
        #expect(reply == "no neighbors\n")
    }

    @Test func aSecondAgentOnTheSameControlSocketIsRefused() throws {
        let running = RunningAgent(try Agent(config: config("s"), version: "test", logger: LogCollector().logger))
        defer { running.stop() }
        var second = config("s")
        second.keyPath = dir.file("s2.key")
        #expect {
            _ = try Agent(config: second, version: "test", logger: LogCollector().logger)
        } throws: { error in
            guard case .control = error as? AgentError else { return false }
            return true
        }
        #expect(dir.exists("s.sock"), "the running agent's socket is left alone")
    }
}
