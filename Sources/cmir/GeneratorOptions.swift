import ArgumentParser

/// What `make-queries` and `make-slides` share: the source images, the folder written into, which images the
/// queries come from, and the seed of every random choice.
struct GeneratorOptions: ParsableArguments {
    @Argument(help: "Folder of source images (for make-slides the BF cores, e.g. ../shared/data/bf-shg/bf_aligned).")
    var sourceDirectory: String

    @Argument(help: "Folder to write into (created if missing).")
    var outputDirectory: String

    @Option(help: "File naming the query images: stems one per line, or a name,split table (test rows).")
    var names: String

    @Option(help: "Seed of every random choice (transforms; layouts, rotations and patches).")
    var seed: UInt64
}
