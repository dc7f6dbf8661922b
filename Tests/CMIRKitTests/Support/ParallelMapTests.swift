@testable import CMIRKit
import Foundation
import Testing

@Suite("Parallel loops")
struct ParallelMapTests {
    private struct Odd: Error, Equatable { let index: Int }

    @Test("Costliest first: results and errors stay in index order, each item run once")
    func costliestFirstKeepsIndexOrder() {
        let count = 37
        let runs = (0..<count).map { _ in Counter() }
        let results = ParallelMap.results(count, costliestFirst: { Double(($0 * 7) % 11) }) { i -> Int in
            runs[i].increment()
            if i % 2 == 1 { throw Odd(index: i) }
            return i * i
        }
        #expect(results.count == count)
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let value): #expect(i % 2 == 0 && value == i * i)
            case .failure(let error): #expect(error as? Odd == Odd(index: i))
            }
        }
        #expect(runs.allSatisfy { $0.value == 1 })
        #expect(ParallelMap.results(0, costliestFirst: { _ in 1 }) { $0 }.isEmpty)
    }

    @Test("Items start costliest first, equal costs in index order")
    func startOrder() {
        #expect(ParallelMap.startOrder(costs: [3, 9, 1, 9, 0, 3]) == [1, 3, 0, 5, 2, 4])
        #expect(ParallelMap.startOrder(costs: []) == [])
    }

    /// A count one item's run bumps; items never share one, so no lock is needed.
    private final class Counter: @unchecked Sendable {
        private(set) var value = 0
        func increment() { value += 1 }
    }
}
