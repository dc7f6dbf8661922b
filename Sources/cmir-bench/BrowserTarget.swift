import ArgumentParser
import Foundation

/// What the browser benchmarks run: the cmir executable beside this one, on the bundled demo or on an index.
struct BrowserTarget: ParsableArguments {
    @Option(help: "Index to browse (default: the bundled demo, `cmir` with no arguments, whose index must exist).")
    var index: String?

    @Option(help: "Query folder for --index.")
    var queries: String?

    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("cmir")
    }

    var arguments: [String] { index.map { ["browse", $0] + (queries.map { ["--queries", $0] } ?? []) } ?? [] }
}
