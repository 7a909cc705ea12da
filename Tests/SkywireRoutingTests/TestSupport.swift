import SkywireCrypto
import SkywireRouting
import SkywireWire

/// Nanoseconds per second, for readable times.
let second: UInt64 = 1_000_000_000

/// `count` fresh private keys sorted by public key (so tests can reason about tie order).
func sortedKeys(_ count: Int) -> [PrivateKey] {
    (0..<count).map { _ in PrivateKey.generate() }.sorted { $0.publicKey < $1.publicKey }
}

/// Whether `needle` occurs anywhere in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if Array(haystack[i..<(i + needle.count)]) == needle { return true }
    }
    return false
}

/// Every byte string reachable from `value` by reflection: public keys as their 33 compressed
/// bytes, byte arrays as they are, integers as their big-endian bytes. Private stored properties
/// are included (Mirror sees them), so this is "anything stored".
func reflectedBytes(_ value: Any) -> [[UInt8]] {
    var out: [[UInt8]] = []
    func walk(_ v: Any, depth: Int) {
        guard depth < 64 else { return }
        if let k = v as? PublicKey { out.append(k.compressed); return }
        if let b = v as? [UInt8] { out.append(b); return }
        if let x = v as? UInt64 { out.append(withUnsafeBytes(of: x.bigEndian) { Array($0) }); return }
        if let x = v as? UInt32 { out.append(withUnsafeBytes(of: x.bigEndian) { Array($0) }); return }
        if let s = v as? SecretBytes { out.append(s.exportedBytes()); return }
        for child in Mirror(reflecting: v).children { walk(child.value, depth: depth + 1) }
    }
    walk(value, depth: 0)
    return out
}

/// One node of the onion tests: its key, setup processor and forwarding table, and every frame
/// body it received.
struct TestNode {
    let key: PrivateKey
    var processor: RouteSetupProcessor
    var table = ForwardingTable()
    var received: [[UInt8]] = []

    init(_ key: PrivateKey, configuration: RouteSetupProcessor.Configuration = .init()) {
        self.key = key
        self.processor = RouteSetupProcessor(key: key, configuration: configuration)
    }

    var publicKey: PublicKey { key.publicKey }

    /// Processes a setup frame with this node's own table.
    mutating func process(_ frame: [UInt8], from previous: PublicKey, now: UInt64) -> RouteSetupOutcome {
        received.append(frame)
        return processor.process(frame: frame, from: previous, now: now, table: &table)
    }
}

/// An origin and a chain of hops; drives a setup hop by hop through real processors.
struct Chain {
    var origin: TestNode
    var hops: [TestNode]
    var built: BuiltRoute?
    var delivery: LocalDelivery?
    /// The setup frame each hop received (index = hop).
    var setupFrames: [[UInt8]] = []
    /// The route id each hop installed.
    var routeIds: [RouteId] = []

    init(hops count: Int) {
        origin = TestNode(PrivateKey.generate())
        hops = (0..<count).map { _ in TestNode(PrivateKey.generate()) }
    }

    var path: [PublicKey] { hops.map(\.publicKey) }
    var destination: TestNode { hops[hops.count - 1] }

    /// The neighbour before hop `i` on the path.
    func previous(of i: Int) -> PublicKey { i == 0 ? origin.publicKey : hops[i - 1].publicKey }

    /// Builds and runs the setup through every hop. Returns the outcome of each hop.
    mutating func setUp(payload: [UInt8], idle: UInt16 = 60, now: UInt64 = 0) throws -> [RouteSetupOutcome] {
        let built = try RouteSetupBuilder.build(
            path: path, payload: payload, idleTimeoutSeconds: idle, table: &origin.table, now: now)
        self.built = built
        var frame = built.frame
        var outcomes: [RouteSetupOutcome] = []
        for i in hops.indices {
            setupFrames.append(frame)
            let outcome = hops[i].process(frame, from: previous(of: i), now: now)
            outcomes.append(outcome)
            switch outcome {
            case .forward(let to, let next, let id):
                guard i + 1 < hops.count, to == hops[i + 1].publicKey else { return outcomes }
                routeIds.append(id)
                frame = next
            case .deliverLocally(let d):
                routeIds.append(d.routeId)
                delivery = d
                return outcomes
            case .reject:
                return outcomes
            }
        }
        return outcomes
    }

    /// Sends `payload` from the origin along the forward labels; returns the payload delivered at
    /// the destination (nil if some hop had no rule).
    mutating func sendForward(_ payload: [UInt8], now: UInt64) -> (RouteId, [UInt8])? {
        guard let built, let out = origin.table.outbound(of: built.routeId) else { return nil }
        origin.table.touch(built.routeId, now: now)
        var frame = RouteDataFrame.encode(label: out.label, payload: payload)
        var from = origin.publicKey
        var at = hops.firstIndex { $0.publicKey == out.neighbour }!
        while true {
            hops[at].received.append(frame)
            guard let (label, _) = try? frame.withUnsafeBytes({ try RouteDataFrame.decode($0) }) else { return nil }
            switch hops[at].table.lookup(from: from, label: label, now: now) {
            case nil: return nil
            case .deliver(let id)?: return (id, Array(frame[4...]))
            case .forward(let to, let next)?:
                frame.withUnsafeMutableBytes { try! RouteDataFrame.rewriteLabel($0, to: next) }
                from = hops[at].publicKey
                at = hops.firstIndex { $0.publicKey == to }!
            }
        }
    }

    /// Sends `payload` from the destination back along the reverse labels; returns what reaches
    /// the origin.
    mutating func sendReverse(_ payload: [UInt8], now: UInt64) -> (RouteId, [UInt8])? {
        let last = hops.count - 1
        guard let out = hops[last].table.outbound(of: routeIds[last]) else { return nil }
        hops[last].table.touch(routeIds[last], now: now)
        var frame = RouteDataFrame.encode(label: out.label, payload: payload)
        var from = hops[last].publicKey
        var to = out.neighbour
        while true {
            let label = try! frame.withUnsafeBytes { try RouteDataFrame.decode($0) }.label
            if to == origin.publicKey {
                origin.received.append(frame)
                guard case .deliver(let id)? = origin.table.lookup(from: from, label: label, now: now) else { return nil }
                return (id, Array(frame[4...]))
            }
            let at = hops.firstIndex { $0.publicKey == to }!
            hops[at].received.append(frame)
            switch hops[at].table.lookup(from: from, label: label, now: now) {
            case nil, .deliver?: return nil
            case .forward(let next, let nextLabel)?:
                frame.withUnsafeMutableBytes { try! RouteDataFrame.rewriteLabel($0, to: nextLabel) }
                from = hops[at].publicKey
                to = next
            }
        }
    }
}
