import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// The cmir command line: thin commands that parse, call the engine or the UI, and print.
@main
struct CMIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmir",
        abstract: "Cross-modality sub-image retrieval for microscopy, in the terminal.",
        discussion: "Without a subcommand, cmir opens the browser on the bundled demo repository.",
        subcommands: [InfoCommand.self, ShowCommand.self, IndexCommand.self, QueryCommand.self, EvalCommand.self,
                      MakeQueriesCommand.self, MakeSlidesCommand.self, TrainCommand.self, RepresentCommand.self, BrowseCommand.self,
                      VocabularyCommand.self, ManifestCommand.self]
    )

    mutating func run() throws {
        try BrowseCommand.browseDemo()
    }

    /// Runs the command line with cmir's exit statuses: 0 success, 1 failed run, 2 bad usage or
    /// unreadable input, each failure with a one-line reason on stderr.
    static func main() {
        // Character widths (wcwidth) follow the user's locale; numbers keep the C locale.
        setlocale(LC_CTYPE, "")
        if let reason = ProcessorCheck.unsupportedReason() { ExitStatus.fail(.failure(reason)) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CMIRError {
            ExitStatus.fail(error)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            ExitStatus.usage(message(for: error))
        }
    }
}

/// The exit statuses of the CLI contract, with the one-line reason on stderr.
enum ExitStatus {
    static func fail(_ error: CMIRError) -> Never {
        switch error {
        case .input(let reason): usage(reason)
        case .failure(let reason):
            printError(reason)
            Foundation.exit(1)
        }
    }

    static func usage(_ reason: String) -> Never {
        printError(reason)
        Foundation.exit(2)
    }

    static func printError(_ reason: String) {
        let line = Canvas.printable(reason.split(whereSeparator: \.isNewline).joined(separator: " "))
        FileHandle.standardError.write(Data("cmir: \(line)\n".utf8))
    }
}
