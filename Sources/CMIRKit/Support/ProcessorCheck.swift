import Foundation

/// Whether this processor runs the code the build assumed. `make` builds for x86-64-v3 (AVX2 and FMA, every x86
/// server since 2013) when the building machine has it, so the network's transforms and scans run on 256-bit
/// vectors; such a binary copied to an older machine would stop with an illegal instruction in mid-run, so the
/// commands check first and say what to do.
public enum ProcessorCheck {
    /// The instruction-set extensions a build for x86-64-v3 may use, as /proc/cpuinfo names them (`abm` is LZCNT).
    /// The Makefile's `V3_FLAGS` (which decides the build) lists the same.
    static let requiredForV3 = ["sse4_2", "popcnt", "avx", "avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c"]

    /// The required extensions missing from the `flags` lines of a /proc/cpuinfo text (every line must have them).
    static func missingExtensions(cpuinfo: String) -> [String] {
        let perProcessor = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("flags") }
            .map { Set($0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" })) }
        guard !perProcessor.isEmpty else { return requiredForV3 }
        return requiredForV3.filter { flag in perProcessor.contains { !$0.contains(Substring(flag)) } }
    }

    /// Why this binary cannot run here, or nil when it can.
    public static func unsupportedReason() -> String? {
        #if CMIR_X86_64_V3
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let missing = missingExtensions(cpuinfo: cpuinfo)
        guard !missing.isEmpty else { return nil }
        return "this cmir was built for x86-64-v3 processors and this one lacks \(missing.joined(separator: ", ")); "
            + "rebuild it here with `make build CPU=baseline`"
        #else
        return nil
        #endif
    }
}
