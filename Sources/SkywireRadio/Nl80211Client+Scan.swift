internal import CNetlink

extension Nl80211Client {
    /// Scans on an interface (station, IBSS or mesh; not monitor) and returns what it heard.
    ///
    /// Subscribes to nl80211's "scan" multicast group on a second socket *before* triggering, so
    /// the completion event cannot be missed; waits for NEW_SCAN_RESULTS or SCAN_ABORTED for this
    /// interface; then dumps the results (GET_SCAN). `frequencies` limits the scan (empty: all).
    public func scan(ifindex: UInt32, frequencies: [UInt32] = [], timeoutMilliseconds: Int32 = 10_000) throws(RadioError) -> [ScanResult] {
        let op = "scan on interface \(ifindex)"
        let events = try NetlinkSocket(protocolNumber: NETLINK_GENERIC)
        let group = genl_ctrl_resolve_grp(events.handle, "nl80211", "scan")
        guard group >= 0 else { throw .netlink(operation: op, message: NetlinkSocket.text(group)) }
        let joined = nl_socket_add_membership(events.handle, group)
        guard joined >= 0 else { throw .netlink(operation: op, message: NetlinkSocket.text(joined)) }

        let r = try request(NL80211_CMD_TRIGGER_SCAN, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        try r.nested(Self.key(NL80211_ATTR_SCAN_SSIDS)) { () throws(RadioError) in
            try r.bytes(1, [])  // one wildcard SSID: an active scan
        }
        if !frequencies.isEmpty {
            try r.nested(Self.key(NL80211_ATTR_SCAN_FREQUENCIES)) { () throws(RadioError) in
                for (i, f) in frequencies.enumerated() { try r.u32(UInt16(i + 1), f) }
            }
        }
        _ = try run(r, operation: op)

        let deadline = Monotonic.milliseconds() + Int64(timeoutMilliseconds)
        waiting: while true {
            for event in try events.receive(operation: op, deadline: deadline) {
                guard let command = event.genericCommand,
                      try event.genericAttributes().u32(Self.key(NL80211_ATTR_IFINDEX)) == ifindex else { continue }
                if command == UInt8(NL80211_CMD_NEW_SCAN_RESULTS.rawValue) { break waiting }
                if command == UInt8(NL80211_CMD_SCAN_ABORTED.rawValue) {
                    throw .scanAborted(interface: "interface \(ifindex)")
                }
            }
        }
        return try scanResults(ifindex: ifindex)
    }

    /// The kernel's current scan results for an interface (GET_SCAN dump), without scanning.
    public func scanResults(ifindex: UInt32) throws(RadioError) -> [ScanResult] {
        let op = "read scan results of interface \(ifindex)"
        let replies = try dump(op) { () throws(RadioError) -> NetlinkRequest in
            let r = try request(NL80211_CMD_GET_SCAN, dump: true, operation: op)
            try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
            return r
        }
        var result: [ScanResult] = []
        for attrs in replies {
            if let s = try Nl80211Decode.scanResult(attrs) { result.append(s) }
        }
        return result
    }
}
