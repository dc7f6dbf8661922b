import ArgumentParser
import CMIRKit
import Foundation

/// Time of one query in-process, per query image of a folder, against an index opened once (as the UI
/// does): the whole query (load, represent, extract, quantize, score) and its stages, the first-stage
/// scoring both ways (nearest-descriptor votes, the default, and tf-idf). Besides wall time it
/// reports the process CPU time of a query (all threads): on a busy shared machine the wall time grows with
/// other people's load, while the CPU time bounds what the query costs on an idle one.
struct QueryLatencyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query-latency", abstract: "Time full queries and their stages.")

    @Argument(help: "The index file.")
    var index: String

    @Argument(help: "A folder of query images.")
    var queries: String

    @Option(help: "Passes over the folder (the first only warms caches unless it is the only one).")
    var passes = 2

    @Option(help: "For an index built with --model: the modality of the queries (by default the model's other one).")
    var modality: String?

    func run() throws {
        let engine = try Engine(indexPath: index, queryModality: modality)
        let extractor = try makeExtractor(named: engine.summary.settings.features)
        let paths = try ImageDirectory.imagePaths(in: queries)
        var stages: [String: [Double]] = [:]
        func timed<T>(_ stage: String, _ keep: Bool, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            let result = try body()
            if keep { stages[stage, default: []].append((ContinuousClock.now - start).milliseconds) }
            return result
        }
        for pass in 0..<passes {
            let keep = pass > 0 || passes == 1
            for path in paths {
                let cpuStart = Self.processCPUMilliseconds()
                _ = try timed("query", keep) { try engine.search(SearchRequest(path: path)) }
                if keep { stages["query CPU", default: []].append(Self.processCPUMilliseconds() - cpuStart) }
                // The stages, measured separately on the same image.
                let image = try timed("  load", keep) { try ImageFile.load(path).image }
                let represented = try timed("  represent", keep) { try engine.representQuery(image) }
                _ = timed("  extract", keep) { extractor.extract(from: represented) }
                let query = try timed("  analyze (represent+extract+quantize)", keep) { try engine.analyze(image: image) }
                for scoring in FirstStageScoring.allCases {
                    _ = try timed("  score and rank (\(scoring))", keep) {
                        try engine.search(SearchRequest(.features(query, name: path), scoring: scoring))
                    }
                }
            }
        }
        let stageNames = ["query", "query CPU", "  load", "  represent", "  extract", "  analyze (represent+extract+quantize)"]
            + FirstStageScoring.allCases.map { "  score and rank (\($0))" }
        for stage in stageNames {
            print(TimingSummary(label: stage, milliseconds: stages[stage] ?? []).line)
        }
    }

    /// User plus system CPU time of this process so far.
    static func processCPUMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }
}
