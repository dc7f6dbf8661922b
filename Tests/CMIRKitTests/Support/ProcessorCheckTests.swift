import Foundation
import Testing
@testable import CMIRKit
import CMIRTestSupport

@Suite("Processor check for x86-64-v3 builds")
struct ProcessorCheckTests {
    static let v3Flags = "fpu sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2 fma bmi1 bmi2 abm movbe f16c"

    @Test("Every processor line must name every extension the build may use")
    func missingExtensions() {
        let two = "processor\t: 0\nflags\t\t: \(Self.v3Flags)\nprocessor\t: 1\nflags\t\t: \(Self.v3Flags)\n"
        #expect(ProcessorCheck.missingExtensions(cpuinfo: two).isEmpty)
        let older = "flags\t\t: fpu sse2 ssse3 sse4_1 sse4_2 popcnt avx\n"
        #expect(ProcessorCheck.missingExtensions(cpuinfo: older) == ["avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c"])
        // One core without AVX2 (a mixed or misreported machine) is enough to refuse.
        let mixed = two + "flags\t\t: \(Self.v3Flags.replacingOccurrences(of: " avx2", with: ""))\n"
        #expect(ProcessorCheck.missingExtensions(cpuinfo: mixed) == ["avx2"])
        // "avx" must be a whole flag, not the start of "avx2" or "avx512f".
        #expect(ProcessorCheck.missingExtensions(cpuinfo: "flags : avx2 avx512f fma\n").contains("avx"))
        #expect(ProcessorCheck.missingExtensions(cpuinfo: "").count == ProcessorCheck.requiredForV3.count)
    }

    @Test("The Makefile decides the build on the extensions the check requires")
    func makefileListsTheSameExtensions() throws {
        let makefile = try String(contentsOf: TestImages.checkoutRoot.appendingPathComponent("Makefile"), encoding: .utf8)
        let line = try #require(makefile.split(separator: "\n").first { $0.hasPrefix("V3_FLAGS :=") })
        #expect(line.dropFirst("V3_FLAGS :=".count).split(separator: " ").map(String.init) == ProcessorCheck.requiredForV3)
    }
}
