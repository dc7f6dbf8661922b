import ArgumentParser
import CMIRKit
import Foundation

/// `cmir make-slides SRC_DIR OUT_DIR --names FILE --seed S`: a virtual tissue-microarray slide repository, its
/// queries and their truth.
struct MakeSlidesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-slides",
        abstract: "Make virtual TMA slides (.svs) from BF cores, with SHG queries and truth-{full,patch}.csv.",
        discussion: """
            Every image of SRC_DIR becomes a disc (its inscribed circle) on near-white glass, on a grid with \
            random jitter, rotated by a uniform angle in [-30, 30] degrees, at its own pixel size; each core lies \
            on exactly one of the slides, and the rest of every grid is filled with mirrored copies of cores not \
            named by --names. Writes OUT_DIR/slides/tma-N.svs (Aperio-style tiled pyramidal TIFF, 256 px JPEG \
            tiles), OUT_DIR/truth-full.csv and truth-patch.csv (query,slide,x,y: the query centre in level-0 \
            pixels) and, with --shg, OUT_DIR/queries/full/ and queries/patch/ (PATCH px cut from inside the core).
            """
    )

    @OptionGroup var source: GeneratorOptions

    @Option(help: "Number of slides the cores are spread over.")
    var slides: Int = 1

    @Option(help: "Level-0 megapixels of all slides together; grids grow with decoys to reach it (0: just the cores).")
    var megapixels: Double = 0

    @Option(help: "Microns per level-0 pixel written into the slides.")
    var mpp: Double = 0.5

    @Option(help: "Folder of the SHG images aligned with the cores; writes the queries.")
    var shg: String?

    @Option(help: "Side of the patch queries in pixels.")
    var patch: Int = 160

    @Option(help: "JPEG quality of the tiles, 1-100.")
    var quality: Int = 90

    func validate() throws {
        if slides < 1 { throw ValidationError("--slides must be 1 or more") }
        if !(megapixels >= 0 && megapixels <= 100_000) { throw ValidationError("--megapixels must be between 0 and 100000") }
        if !(mpp > 0 && mpp < 1000) { throw ValidationError("--mpp must be a positive number of microns") }
        if patch < 1 { throw ValidationError("--patch must be 1 or more") }
        if !(1...100).contains(quality) { throw ValidationError("--quality must be between 1 and 100") }
    }

    func run() throws {
        let queries = try QueryNameList.load(source.names)
        let generator = VirtualSlideGenerator(
            planner: VirtualSlidePlanner(slides: slides, megapixels: megapixels, seed: source.seed),
            micronsPerPixel: mpp, jpegQuality: quality)
        let repository = try generator.generate(sourceDirectory: source.sourceDirectory, outputDirectory: source.outputDirectory,
                                                queryNames: queries, shgDirectory: shg, patch: patch,
                                                progress: TerminalProgressBar())
        for layout in repository.layouts {
            let real = layout.placements.filter { !$0.isDecoy }.count
            TerminalOutput.say("\(layout.name).svs: \(layout.width) x \(layout.height) px (\(String(format: "%.1f", Double(layout.width * layout.height) / 1e6)) MP), \(layout.levelCount) levels, \(real) cores + \(layout.placements.count - real) decoys")
        }
        TerminalOutput.say("\(repository.fullTruth.count) truth rows per table, \(repository.queryImages) query images written to \(source.outputDirectory)")
    }
}
