import ArgumentParser
import CMIRKit
import Foundation

/// `cmir eval INDEX QUERY_DIR`: every image of the folder is a query whose true match has its file stem.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate retrieval: Acc@1/5/10/15 (percent) and mean reciprocal rank over a folder of queries.",
        discussion: "The correct match of a query is the repository image with the same file stem."
    )

    @Argument(help: "The index file (from cmir index).")
    var index: String

    @Argument(help: "Folder of query images.")
    var queryDirectory: String

    @OptionGroup var search: SearchOptions

    @Option(help: "For a slide repository: the truth table (CSV query,slide,x,y: the query's stem, the slide's stem, the true centre in level-0 pixels).")
    var truth: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        let engine = try search.open(index)
        search.notePixelSizes(engine)
        let table = try truth.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CMIRError.input("\(path): cannot be read") }
            return try SlideTruthTable.parse(text, source: path)
        }
        let outcome = try RetrievalEvaluation.run(engine: engine, queryDirectory: queryDirectory,
                                                  rerank: search.rerank, scoring: search.scoring, truth: table,
                                                  queryMicronsPerPixel: search.queryPixelSize,
                                                  progress: TerminalProgressBar())
        for failure in outcome.failures {
            ExitStatus.printError("query \(failure.path) counted as a miss: \(failure.reason)")
        }
        let metrics = outcome.metrics
        if json {
            let accuracy = Dictionary(uniqueKeysWithValues: RetrievalMetrics.cutoffs.map { (String($0), metrics.accuracy(at: $0)) })
            if let localisation = outcome.localisation {
                TerminalOutput.say(try OrderedJSON.object(["queries": metrics.queries, "acc": accuracy, "mrr": metrics.meanReciprocalRank,
                                              "ranks": metrics.ranks, "localisation": LocalisationSummary(localisation)]))
            } else {
                TerminalOutput.say(try OrderedJSON.object(["queries": metrics.queries, "acc": accuracy,
                                              "mrr": metrics.meanReciprocalRank, "ranks": metrics.ranks]))
            }
        } else {
            TerminalOutput.say("queries  \(metrics.queries)")
            for k in RetrievalMetrics.cutoffs {
                TerminalOutput.say("Acc@\(k)".padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%5.1f %%", metrics.accuracy(at: k)))
            }
            TerminalOutput.say("MRR      " + String(format: "%.3f", metrics.meanReciprocalRank))
            if let localisation = outcome.localisation {
                let summary = LocalisationSummary(localisation)
                TerminalOutput.say("localised \(summary.localised) of \(localisation.count); centre error median " + summary.text(summary.medianPixels)
                      + ", p90 " + summary.text(summary.p90Pixels))
            }
        }
    }
}
