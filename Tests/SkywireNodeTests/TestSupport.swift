import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim

let ms: UInt64 = 1_000_000
let sec: UInt64 = 1_000_000_000

/// Milliseconds with three decimals, for messages.
func millis(_ ns: UInt64) -> String {
    let whole = ns / 1_000_000, frac = (ns % 1_000_000) / 1_000
    return "\(whole)." + String(repeating: "0", count: 3 - String(frac).count) + "\(frac) ms"
}

extension Simulator {
    /// The first event of node `i` at or after `since` that `match` picks.
    func firstEvent<T>(of i: Int, since: UInt64 = 0, _ match: (NodeEvent) -> T?) -> (time: UInt64, value: T)? {
        for e in members[i].events where e.time >= since {
            if let v = match(e.event) { return (e.time, v) }
        }
        return nil
    }
}
