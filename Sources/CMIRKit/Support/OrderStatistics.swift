extension Array where Element == Float {
    /// The values `sorted()[rank]` for each of `ranks`, found by selection (Hoare's, median-of-three pivots;
    /// expected linear time) on a copy instead of a full sort: the percentile stretch of every slide box and query
    /// needs two values out of hundreds of thousands. Ranks must lie in `indices`.
    func orderStatistics(_ ranks: [Int]) -> [Float] {
        var values = self
        var found: [Int: Float] = [:]
        var lower = 0
        values.withUnsafeMutableBufferPointer { v in
            // Ascending ranks: once rank r is in place, everything before it is no larger, so the next search
            // starts after it.
            for rank in Set(ranks).sorted() {
                var low = lower, high = v.count - 1
                while low < high {
                    let middle = low + (high - low) / 2
                    if v[middle] < v[low] { v.swapAt(middle, low) }
                    if v[high] < v[low] { v.swapAt(high, low) }
                    if v[high] < v[middle] { v.swapAt(high, middle) }
                    let pivot = v[middle]
                    var i = low, j = high
                    while i <= j {
                        while v[i] < pivot { i += 1 }
                        while pivot < v[j] { j -= 1 }
                        if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                    }
                    if rank <= j { high = j } else if rank >= i { low = i } else { break }
                }
                found[rank] = v[rank]
                lower = rank + 1
            }
        }
        return ranks.map { found[$0]! }
    }
}
