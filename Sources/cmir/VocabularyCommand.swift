import ArgumentParser
import CMIRKit

/// `cmir vocabulary train DIR --out FILE`: a vocabulary trained once, for indexes built apart to share.
struct VocabularyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocabulary",
        abstract: "Train a vocabulary that separately built indexes share.",
        subcommands: [Train.self]
    )

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a vocabulary on a folder of images or slides and write it to a file.",
            discussion: """
                The file holds the vocabulary with the features, size, seed and representation it was trained with, \
                and no images. Give it to cmir index --vocabulary-from FILE: every index built from it files its \
                features under the same words, so that indexes of different folders (the shards of an archive) can \
                be searched together.
                """
        )

        @Argument(help: "Folder of images or slides to train on (a sample of the repository).")
        var directory: String

        @Option(name: .long, help: "The vocabulary file to write (replaced when it exists).")
        var out: String

        @OptionGroup var build: BuildOptions

        func run() throws {
            let representation = try build.representation()
            let report = try Engine.trainVocabulary(directory: directory, output: out, settings: build.settings(for: representation),
                                                    representation: representation, pixelSize: build.pixelSize,
                                                    queryPixelSize: build.queryPixelSize, progress: TerminalProgressBar())
            for failure in report.failed { ExitStatus.printError("skipped \(failure.path): \(failure.reason)") }
            let fingerprint = try FrozenVocabulary(path: out).fingerprint
            TerminalOutput.say("\(out): vocabulary of \(report.vocabularySize) words (\(fingerprint))")
        }
    }
}
