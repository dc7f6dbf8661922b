@testable import CMIRKit
import Testing

@Suite("Order statistics by selection")
struct OrderStatisticsTests {
    @Test("Selection gives the sorted array's values at every rank asked, with ties, runs and any order of ranks")
    func matchesSorting() {
        var random = SeededRandom(seed: 9)
        for count in [1, 2, 3, 7, 64, 1000, 4097] {
            for distinctValues in [1, 3, 50, 1_000_000] {
                let values = (0..<count).map { _ in Float(Int.random(in: 0..<distinctValues, using: &random)) / 7 }
                let sorted = values.sorted()
                let ranks = (0..<5).map { _ in Int.random(in: 0..<count, using: &random) } + [0, count - 1]
                #expect(values.orderStatistics(ranks) == ranks.map { sorted[$0] })
            }
            let ascending = (0..<count).map(Float.init), descending = Array(ascending.reversed())
            #expect(ascending.orderStatistics([count / 2, 0]) == [Float(count / 2), 0])
            #expect(descending.orderStatistics([count - 1, count / 3]) == [Float(count - 1), Float(count / 3)])
        }
    }
}
