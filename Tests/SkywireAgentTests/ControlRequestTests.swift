import SkywireAgent
import Testing

@Suite struct ControlRequestTests {
    @Test func requests() {
        #expect(ControlRequest(line: "status") == .status(json: false))
        #expect(ControlRequest(line: "status json") == .status(json: true))
        #expect(ControlRequest(line: "neighbors") == .neighbors(json: false))
        #expect(ControlRequest(line: "neighbors json\n") == .neighbors(json: true))
        #expect(ControlRequest(line: "  neighbors \t json \r\n") == .neighbors(json: true))
    }

    @Test func everythingElseIsUnknown() {
        for line in ["", " ", "\n", "Status", "status JSON", "status json extra", "neighbours", "neighbors xml",
                     "status\u{0}", "json", "stat us", "neighbors json json"] {
            #expect(ControlRequest(line: line) == nil, "\(line.debugDescription)")
        }
        #expect(ControlRequest.unknownReply == "error unknown request\n")
    }

    @Test func linesRoundTrip() {
        for request in [ControlRequest.status(json: false), .status(json: true), .neighbors(json: false), .neighbors(json: true)] {
            #expect(ControlRequest(line: request.line) == request)
        }
    }
}

@Suite struct RouteRequestTests {
    let address = "skn1q2k933pjj88dz0zdjnncql3htxgxu37p8nj830la38ky892u2tfkjc9xj2w"

    @Test func routesAndPing() throws {
        #expect(ControlRequest(line: "routes") == .routes(json: false))
        #expect(ControlRequest(line: "routes json") == .routes(json: true))
        guard case .ping(let key, 3, false)? = ControlRequest(line: "ping \(address)") else {
            Issue.record("ping without a count")
            return
        }
        #expect(AgentText.nodeAddress(key) == address)
        #expect(ControlRequest(line: "ping \(address) 7 json") == .ping(key, count: 7, json: true))
        #expect(ControlRequest(line: "ping \(address) json") == .ping(key, count: 3, json: true))
        for request in [ControlRequest.routes(json: false), .routes(json: true), .ping(key, count: 1, json: false),
                        .ping(key, count: 100, json: true)] {
            #expect(ControlRequest(line: request.line) == request)
        }
    }

    @Test func badRouteRequests() {
        for line in ["routes xml", "routes json json", "ping", "ping json", "ping \(address) 0", "ping \(address) 101",
                     "ping \(address) x", "ping \(address) 1 2", "ping skn1bogus", "ping \(address.dropLast())q",
                     "ping sks1qw64lulx8vmm27sme0fsy7qq34zg8zz63xwr3cl8ductpzzwctqwx24x8c8"] {
            #expect(ControlRequest(line: line) == nil, "\(line.debugDescription)")
        }
    }

    @Test func pingReplySummaries() {
        let report = PingReport(destination: address, outcomes: [.reply(rttNanos: 1_234_000, hops: 4), .timeout, .failed("no path")])
        #expect(report.text == """
            reply from \(address): seq=1 hops=4 rtt=1.234 ms
            no reply from \(address): seq=2 timeout
            no route to \(address): seq=3 no path
            3 sent, 1 received, rtt min/avg/max = 1.234/1.234/1.234 ms

            """)
        #expect(PingReport.receivedCount(inReply: report.text) == 1)
        #expect(PingReport.receivedCount(inReply: report.json.render() + "\n") == 1)
        let none = PingReport(destination: address, outcomes: [.timeout])
        #expect(none.text.hasSuffix("\n1 sent, 0 received\n"))
        #expect(PingReport.receivedCount(inReply: none.json.render()) == 0)
        #expect(PingReport.receivedCount(inReply: "garbage") == nil)
    }
}
