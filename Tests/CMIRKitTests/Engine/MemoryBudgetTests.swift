@testable import CMIRKit
import Testing

@Suite struct MemoryBudgetTests {
    static let meminfo = "MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:    2000000 kB\n"

    @Test func theBudgetIsTheAvailableMemoryOrTheUsersLowerLimit() throws {
        #expect(try MemoryBudget.current(environment: [:], meminfo: Self.meminfo) == MemoryBudget(bytes: 2_048_000_000, source: "available memory"))
        #expect(try MemoryBudget.current(environment: ["CMIR_MEMORY_LIMIT_MB": "500"], meminfo: Self.meminfo)
                == MemoryBudget(bytes: 500 << 20, source: "CMIR_MEMORY_LIMIT_MB=500"))
        #expect(try MemoryBudget.current(environment: ["CMIR_MEMORY_LIMIT_MB": "9000"], meminfo: Self.meminfo)?.source == "available memory")
        #expect(try MemoryBudget.current(environment: [:], meminfo: nil) == nil)
        #expect(throws: CMIRError.self) { try MemoryBudget.current(environment: ["CMIR_MEMORY_LIMIT_MB": "lots"], meminfo: Self.meminfo) }
    }

    @Test func anIndexWhoseFeaturesDoNotFitIsRefusedWithTheFigures() throws {
        let budget = MemoryBudget(bytes: 400 << 20, source: "CMIR_MEMORY_LIMIT_MB=400")
        try budget.check(features: 1_000_000, indexPath: "a.cmirindex")
        #expect(throws: CMIRError.failure("a.cmirindex: searching its 2000000 stored features needs about 476 MB of memory, more than the 400 MB of CMIR_MEMORY_LIMIT_MB=400; search fewer shards at a time or on a larger machine")) {
            try budget.check(features: 2_000_000, indexPath: "a.cmirindex")
        }
        #expect(throws: CMIRError.self) { try budget.check(features: 1e30, indexPath: "a.cmirindex") }
    }
}
