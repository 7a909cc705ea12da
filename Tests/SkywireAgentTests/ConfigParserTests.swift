import SkywireAgent
import SkywireCrypto
import SkywireIO
import Testing

@Suite struct ConfigParserTests {
    /// A valid node address.
    static let peerAddress = AgentText.nodeAddress(PrivateKey.generate().publicKey)

    private func expectError(_ text: String, line: Int, mentioning: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ConfigParser.parse(text)
            Issue.record("no error for \(text.debugDescription)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("config:\(line): "), "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.contains(mentioning), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func emptyTextGivesTheDefaults() throws {
        let config = try ConfigParser.parse("")
        #expect(config.keyPath == "/var/lib/skywire/node.key")
        #expect(config.port == 6555)
        #expect(config.controlPath == "/run/skywire/control.sock")
        #expect(config.peers.isEmpty)
        #expect(config.discovery)
        #expect(config.interfaces == nil)
        #expect(config.keepaliveInterval == 1_000_000_000)
        #expect(config.deadAfter == 3)
        #expect(config.beaconInterval == 1_000_000_000)
        #expect(config.logLevel == .info)
    }

    @Test func everyField() throws {
        let text = """
            # a full config
            key /tmp/node.key
            port 7000
            control /tmp/sw/control.sock
            peer \(Self.peerAddress)@192.0.2.7:6555
            peer \(Self.peerAddress)@[2001:db8::7]:6556
            discovery off
            interfaces eth0,eth1
            keepalive-interval 250ms
            dead-after 5
            beacon-interval 1.5s
            log-level debug
            """
        let config = try ConfigParser.parse(text)
        #expect(config.keyPath == "/tmp/node.key")
        #expect(config.port == 7000)
        #expect(config.controlPath == "/tmp/sw/control.sock")
        #expect(config.peers.count == 2)
        #expect(config.peers[0].address == SocketAddress(IPv4Address(192, 0, 2, 7), port: 6555))
        #expect(config.peers[1].address.description == "[2001:db8::7]:6556")
        #expect(AgentText.nodeAddress(config.peers[0].key) == Self.peerAddress)
        #expect(!config.discovery)
        #expect(config.interfaces == ["eth0", "eth1"])
        #expect(config.keepaliveInterval == 250_000_000)
        #expect(config.deadAfter == 5)
        #expect(config.beaconInterval == 1_500_000_000)
        #expect(config.logLevel == .debug)
    }

    @Test func commentsBlanksTabsAndCRLF() throws {
        let text = "  # comment\n\n\tport\t6000   # trailing comment\r\nkey /a#b/node.key\r\ndiscovery on#not-a-comment-start?\n"
        do {
            _ = try ConfigParser.parse(text)
            Issue.record("'on#not...' must be rejected: # only starts a comment after a blank")
        } catch {
            #expect(error.line == 5)
        }
        let config = try ConfigParser.parse("  # comment\n\n\tport\t6000   # trailing\r\nkey /a#b/node.key\r\n")
        #expect(config.port == 6000)
        #expect(config.keyPath == "/a#b/node.key")
    }

    @Test func interfaceListsAcceptSpacesAfterCommas() throws {
        #expect(try ConfigParser.parse("interfaces eth0, wlan0 ,br-lan").interfaces == ["eth0", "wlan0", "br-lan"])
    }

    @Test func durations() throws {
        #expect(try ConfigParser.parse("keepalive-interval 10ms").keepaliveInterval == 10_000_000)
        #expect(try ConfigParser.parse("keepalive-interval 2s").keepaliveInterval == 2_000_000_000)
        #expect(try ConfigParser.parse("keepalive-interval 0.25s").keepaliveInterval == 250_000_000)
        #expect(try ConfigParser.parse("beacon-interval 2m").beaconInterval == 120_000_000_000)
        #expect(try ConfigParser.parse("beacon-interval 1h").beaconInterval == 3_600_000_000_000)
        #expect(ConfigValues.duration("0.000000001h") == .success(3_600))
        #expect(ConfigValues.duration("1.000000001s") == .success(1_000_000_001))
        #expect(ConfigValues.duration("1.0000000001s") != .success(1_000_000_000))
    }

    @Test func unknownFieldNamesItsLine() {
        expectError("port 1\n\n# c\nfrobnicate yes\n", line: 4, mentioning: "unknown field 'frobnicate'")
        expectError("Port 1", line: 1, mentioning: "unknown field 'Port'")
    }

    @Test func badValues() {
        expectError("port 65536", line: 1, mentioning: "invalid port")
        expectError("port -1", line: 1, mentioning: "invalid port")
        expectError("port 6x", line: 1, mentioning: "invalid port")
        expectError("port", line: 1, mentioning: "needs a value")
        expectError("port 1 2", line: 1, mentioning: "takes one value")
        expectError("discovery yes", line: 1, mentioning: "expected on or off")
        expectError("keepalive-interval 1", line: 1, mentioning: "invalid duration")
        expectError("keepalive-interval 1.s", line: 1, mentioning: "invalid duration")
        expectError("keepalive-interval .5s", line: 1, mentioning: "invalid duration")
        expectError("keepalive-interval 1d", line: 1, mentioning: "invalid duration")
        expectError("keepalive-interval 1ms", line: 1, mentioning: "out of range")
        expectError("keepalive-interval 11m", line: 1, mentioning: "out of range")
        expectError("beacon-interval 0s", line: 1, mentioning: "out of range")
        expectError("dead-after 0", line: 1, mentioning: "invalid count")
        expectError("dead-after 1001", line: 1, mentioning: "invalid count")
        expectError("dead-after three", line: 1, mentioning: "invalid count")
        expectError("log-level verbose", line: 1, mentioning: "invalid log level")
        expectError("interfaces eth0,eth0", line: 1, mentioning: "listed twice")
        expectError("interfaces averyveryverylongname0", line: 1, mentioning: "invalid interface name")
        expectError("interfaces ,", line: 1, mentioning: "no interface names")
        expectError("control /" + String(repeating: "a", count: 107), line: 1, mentioning: "too long")
        expectError("key /x\u{1}y", line: 1, mentioning: "control character")
    }

    @Test func badPeers() {
        expectError("peer 192.0.2.7:6555", line: 1, mentioning: "expected skn1...@host:port")
        expectError("peer skn1qqq@192.0.2.7:6555", line: 1, mentioning: "invalid peer key")
        let userKey = "sku" + Self.peerAddress.dropFirst(3)
        expectError("peer \(userKey)@192.0.2.7:6555", line: 1, mentioning: "invalid peer key")
        expectError("peer \(Self.peerAddress)@host.example:6555", line: 1, mentioning: "invalid peer address")
        expectError("peer \(Self.peerAddress)@192.0.2.7", line: 1, mentioning: "invalid peer address")
        expectError("peer \(Self.peerAddress)@2001:db8::1:6555", line: 1, mentioning: "invalid peer address")
        expectError("peer \(Self.peerAddress)@192.0.2.7:0", line: 1, mentioning: "port 0")
    }

    @Test func duplicates() {
        expectError("port 1\nkey /k\nport 2", line: 3, mentioning: "'port' is already set on line 1")
        expectError("log-level info\nlog-level info", line: 2, mentioning: "already set on line 1")
        let peer = "peer \(Self.peerAddress)@192.0.2.7:6555"
        expectError("\(peer)\n\(peer)", line: 2, mentioning: "already listed on line 1")
    }

    @Test func peersAreRepeatable() throws {
        let text = "peer \(Self.peerAddress)@192.0.2.7:6555\npeer \(Self.peerAddress)@192.0.2.8:6555"
        #expect(try ConfigParser.parse(text).peers.count == 2)
    }

    @Test func baseValuesSurviveUnlessSet() throws {
        var base = AgentConfig()
        base.port = 9
        base.logLevel = .debug
        let config = try ConfigParser.parse("port 10", base: base)
        #expect(config.port == 10)
        #expect(config.logLevel == .debug)
    }
}
