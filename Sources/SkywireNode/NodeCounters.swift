/// What a node did with routing traffic, cumulative. Plain values for `status` and tests.
public struct NodeCounters: Sendable, Equatable {
    /// Link-state records: accepted (stored and flooded), duplicates, stale, refused by the
    /// origin's rate limit or a full table, invalid; records this node published.
    public var recordsAccepted: UInt64 = 0
    public var recordsDuplicate: UInt64 = 0
    public var recordsStale: UInt64 = 0
    public var recordsRefused: UInt64 = 0
    public var recordsInvalid: UInt64 = 0
    public var recordsPublished: UInt64 = 0
    /// Route setups: built here, forwarded as a relay, ended here, refused.
    public var setupsOriginated: UInt64 = 0
    public var setupsForwarded: UInt64 = 0
    public var setupsDelivered: UInt64 = 0
    public var setupsRejected: UInt64 = 0
    /// Route data frames forwarded as a relay, delivered here, and dropped for want of a route.
    public var dataForwarded: UInt64 = 0
    public var dataDelivered: UInt64 = 0
    public var dataNoRoute: UInt64 = 0
    /// Endpoint payloads that did not decode.
    public var endpointInvalid: UInt64 = 0
    /// Teardowns received (and passed on or ended here), and sent on our own initiative.
    public var teardownsIn: UInt64 = 0
    public var teardownsSent: UInt64 = 0
    /// Frames of an unknown or invalid routing type.
    public var framesInvalid: UInt64 = 0
    /// Frame lists the link layer refused (no link up, queue full) and frames the bundler dropped.
    public var sendFailures: UInt64 = 0
    public var bundleDrops: UInt64 = 0

    public init() {}
}
