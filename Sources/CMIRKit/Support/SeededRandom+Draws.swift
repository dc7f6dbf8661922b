/// Draws whose conversion from raw bits is our own, unlike the standard library's `random(in:using:)`,
/// whose algorithm may change between toolchains: a seed then fixes the vocabulary and the evaluation
/// queries everywhere.
extension SeededRandom {
    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [low, high].
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// Uniform integer in 0..<bound (bound > 0), by multiply-shift; the bias is below 2^-32 for bounds
    /// under 2^32, far below anything the engine could notice.
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `count` distinct indices of 0..<population in increasing order (Floyd's algorithm, then sorted).
    public mutating func sample(_ count: Int, from population: Int) -> [Int] {
        precondition(count <= population, "cannot sample more than the population")
        var chosen = Set<Int>(minimumCapacity: count)
        for j in (population - count)..<population {
            let t = index(below: j + 1)
            if !chosen.insert(t).inserted { chosen.insert(j) }
        }
        return chosen.sorted()
    }
}
