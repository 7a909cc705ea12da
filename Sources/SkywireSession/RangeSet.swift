/// A set of `UInt64` values kept as sorted, disjoint, non-adjacent half-open ranges, with a
/// bound on how many ranges it holds.
///
/// Used for received packet numbers (ACK ranges), for stream bytes received out of order, and
/// at the sender for bytes acknowledged above the cumulative point or waiting to be re-sent.
/// The storage is reserved once (by default for `maximumRanges + 1` entries); inserts and
/// removals move elements within it and do not allocate while the count stays within it.
struct RangeSet {
    /// The ranges, ascending.
    private(set) var ranges: [Range<UInt64>] = []
    /// The most ranges kept; what `insert` does past it depends on `overflow`.
    let maximumRanges: Int

    /// - Parameters:
    ///   - maximumRanges: the bound `insert` keeps.
    ///   - reserve: storage reserved up front (default: `maximumRanges + 1`).
    init(maximumRanges: Int, reserve: Int? = nil) {
        self.maximumRanges = max(1, maximumRanges)
        ranges.reserveCapacity(reserve ?? (self.maximumRanges + 1))
    }

    var isEmpty: Bool { ranges.isEmpty }
    var count: Int { ranges.count }
    var first: Range<UInt64>? { ranges.first }
    var last: Range<UInt64>? { ranges.last }

    /// Whether `value` is in the set.
    func contains(_ value: UInt64) -> Bool {
        let i = firstIndex(endingAfter: value)
        return i < ranges.count && ranges[i].lowerBound <= value
    }

    /// The range of the set that holds `value`, if any.
    func range(containing value: UInt64) -> Range<UInt64>? {
        let i = firstIndex(endingAfter: value)
        return i < ranges.count && ranges[i].lowerBound <= value ? ranges[i] : nil
    }

    /// Whether the whole of `range` is in the set.
    func contains(_ range: Range<UInt64>) -> Bool {
        if range.isEmpty { return true }
        let i = firstIndex(endingAfter: range.lowerBound)
        return i < ranges.count && ranges[i].lowerBound <= range.lowerBound && ranges[i].upperBound >= range.upperBound
    }

    /// Index of the first range whose upper bound is above `value` (binary search).
    private func firstIndex(endingAfter value: UInt64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Adds `range`, merging with neighbours it overlaps or touches. When that would exceed
    /// `maximumRanges`, the lowest range is dropped if `dropLowest`, otherwise nothing is added
    /// and the result is false.
    @discardableResult
    mutating func insert(_ range: Range<UInt64>, dropLowest: Bool) -> Bool {
        if range.isEmpty { return true }
        // First range that ends at or after range.lowerBound (touching counts).
        var i = 0
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        i = low
        var j = i
        var lower = range.lowerBound
        var upper = range.upperBound
        while j < ranges.count && ranges[j].lowerBound <= range.upperBound {
            lower = min(lower, ranges[j].lowerBound)
            upper = max(upper, ranges[j].upperBound)
            j += 1
        }
        if i == j {
            // A new, separate range.
            if ranges.count >= maximumRanges {
                guard dropLowest else { return false }
                if i == 0 { return false }  // it would be the lowest itself: nothing to keep
                ranges.removeFirst()
                i -= 1
            }
            ranges.insert(lower..<upper, at: i)
        } else {
            ranges[i] = lower..<upper
            if j > i + 1 { ranges.removeSubrange((i + 1)..<j) }
        }
        return true
    }

    /// Removes every value below `bound`.
    mutating func removeAll(below bound: UInt64) {
        var k = 0
        while k < ranges.count && ranges[k].upperBound <= bound { k += 1 }
        if k > 0 { ranges.removeSubrange(0..<k) }
        if let head = ranges.first, head.lowerBound < bound { ranges[0] = bound..<head.upperBound }
    }

    /// Removes `range` from the set. Splitting a range adds one; this never drops values that
    /// are not in `range`, so a set used with `remove` may hold more than `maximumRanges`.
    mutating func remove(_ range: Range<UInt64>) {
        if range.isEmpty { return }
        var i = firstIndex(endingAfter: range.lowerBound)
        while i < ranges.count && ranges[i].lowerBound < range.upperBound {
            let current = ranges[i]
            let left = current.lowerBound..<max(current.lowerBound, min(current.upperBound, range.lowerBound))
            let right = min(current.upperBound, max(current.lowerBound, range.upperBound))..<current.upperBound
            switch (left.isEmpty, right.isEmpty) {
            case (true, true):
                ranges.remove(at: i)
            case (false, true):
                ranges[i] = left
                i += 1
            case (true, false):
                ranges[i] = right
                i += 1
            case (false, false):
                ranges[i] = right
                ranges.insert(left, at: i)  // may exceed maximumRanges by one split
                i += 2
            }
        }
    }

    /// Removes everything.
    mutating func removeAll() { ranges.removeAll(keepingCapacity: true) }

    /// The first sub-range of `range` that is not in the set, if any.
    func firstGap(in range: Range<UInt64>) -> Range<UInt64>? {
        var start = range.lowerBound
        var i = firstIndex(endingAfter: start)
        while start < range.upperBound {
            guard i < ranges.count, ranges[i].lowerBound < range.upperBound else {
                return start..<range.upperBound
            }
            if ranges[i].lowerBound > start { return start..<ranges[i].lowerBound }
            start = max(start, ranges[i].upperBound)
            i += 1
        }
        return nil
    }
}
