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
