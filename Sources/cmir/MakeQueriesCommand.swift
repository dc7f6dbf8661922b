import ArgumentParser
import CMIRKit
import Foundation

/// `cmir make-queries SRC_DIR OUT_DIR --names FILE --seed S`: the transformed queries of the protocol.
struct MakeQueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-queries",
        abstract: "Make rotated and shifted (optionally cropped) query images and their transforms.csv.",
        discussion: """
            Each named image is rotated about its centre by a uniform angle in [-ROTATE, ROTATE] degrees \
            (counter-clockwise as displayed), shifted by uniform [-SHIFT, SHIFT] px in x and y on a canvas of \
            the same size (uncovered part: the median colour of the image border), and, with --patch, cut to \
            its PATCH x PATCH centre. --names is either a list of file stems, one per line, or a table with \
            `name` and `split` columns (as splits.csv), whose `test` rows are taken.
            """
    )

    @OptionGroup var source: GeneratorOptions

    @Option(help: "Largest rotation in degrees (either way).")
    var rotate: Double = 30

    @Option(help: "Largest shift in pixels (either way, in x and in y).")
    var shift: Double = 60

    @Option(help: "Side of the centre patch in pixels; 0 keeps the whole canvas.")
    var patch: Int = 0

    func validate() throws {
        if !(0...180).contains(rotate) { throw ValidationError("--rotate must be between 0 and 180 degrees") }
        if shift < 0 || !shift.isFinite { throw ValidationError("--shift must be 0 or more") }
        if patch < 0 { throw ValidationError("--patch must be 0 or more") }
    }

    func run() throws {
        let stems = try QueryNameList.load(source.names)
        let generator = QueryGenerator(rotate: rotate, shift: shift, patch: patch, seed: source.seed)
        let transforms = try generator.generate(sourceDirectory: source.sourceDirectory, outputDirectory: source.outputDirectory,
                                                names: stems, progress: TerminalProgressBar())
        TerminalOutput.say("\(transforms.count) queries written to \(source.outputDirectory)")
    }
}
