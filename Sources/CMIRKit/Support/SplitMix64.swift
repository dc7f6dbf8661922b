/// The engine's seeded random source (SplitMix64). Every random choice of the engine (k-means seeding and
/// subsampling, query transforms) draws from it, so a seed fixes the result on every platform and toolchain:
/// unlike the standard library's `random(in:using:)`, the conversions below are our own and never change.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
