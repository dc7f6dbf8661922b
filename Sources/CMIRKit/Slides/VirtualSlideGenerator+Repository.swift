import Foundation

/// What `make-slides` wrote.
public struct VirtualSlideRepository: Sendable {
    public let layouts: [VirtualSlideLayout]
    public let fullTruth: [SlideTruth]
    public let patchTruth: [SlideTruth]
    /// Query images written (whole and patches); 0 without an SHG folder.
    public let queryImages: Int
}

extension VirtualSlideGenerator {
    /// `cmir make-slides`: slides from every image of `sourceDirectory` (BF cores) into `<out>/slides/`, and
    /// truth-full.csv and truth-patch.csv for the cores named in `queryNames`; with `shgDirectory`, the queries
    /// themselves: `<out>/queries/full/<stem>.png` (the SHG image as it is) and `<out>/queries/patch/<stem>.png`
    /// (a patch x patch cut from inside the core). Names are checked before anything is written.
    public func generate(sourceDirectory: String, outputDirectory: String, queryNames: [String],
                         shgDirectory: String? = nil, patch: Int = 160,
                         progress: any ProgressReporter = SilentProgress()) throws -> VirtualSlideRepository {
        let sources = try Self.imagesByStem(sourceDirectory)
        try Self.requireNames(queryNames, in: sources, folder: sourceDirectory)
        let shg = try shgDirectory.map { try Self.imagesByStem($0) }
        if let shg, let shgDirectory { try Self.requireNames(queryNames, in: shg, folder: shgDirectory) }
        let stems = sources.keys.sorted()
        let loaded = ParallelMap.results(stems.count) { i in
            CoreRaster(name: stems[i], image: try ImageFile.load(sources[stems[i]]!).image, levelCount: Self.rasterLevels)
        }
        let rasters = try loaded.map { try $0.get() }
        let sizes = Dictionary(uniqueKeysWithValues: rasters.map { ($0.name, ($0.width, $0.height)) })
        // A patch must fit inside the core's disc (its inscribed circle).
        if let small = rasters.first(where: { Double(patch) * 2.squareRoot() > Double(min($0.width, $0.height)) }) {
            throw CMIRError.input("\(sources[small.name]!): a \(patch) px patch does not fit inside the disc of a \(small.width) x \(small.height) core")
        }

        let out = outputDirectory as NSString
        let layouts = try writeSlides(rasters: rasters, queries: Set(queryNames), to: out.appendingPathComponent("slides"),
                                      progress: progress)
        let fullTruth = VirtualSlideQueries.truth(names: queryNames, layouts: layouts) { name in
            (Double(sizes[name]!.0) / 2, Double(sizes[name]!.1) / 2)
        }
        let origins = VirtualSlideQueries.patchOrigins(names: queryNames, size: { sizes[$0]! }, patch: patch,
                                                       seed: planner.seed)
        let patchTruth = VirtualSlideQueries.truth(names: queryNames, layouts: layouts) { name in
            (Double(origins[name]!.x) + Double(patch) / 2, Double(origins[name]!.y) + Double(patch) / 2)
        }
        try Self.write(SlideTruthTable.csv(fullTruth), to: out.appendingPathComponent("truth-full.csv"))
        try Self.write(SlideTruthTable.csv(patchTruth), to: out.appendingPathComponent("truth-patch.csv"))

        var written = 0
        if let shg {
            let fullFolder = out.appendingPathComponent("queries/full"), patchFolder = out.appendingPathComponent("queries/patch")
            for folder in [fullFolder, patchFolder] {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw CMIRError.input("\(folder): cannot create the folder")
                }
            }
            let results = ParallelMap.results(queryNames.count) { i in
                let name = queryNames[i]
                let loaded = try ImageFile.load(shg[name]!)
                let format: ImageFile.SampleFormat = loaded.bitsPerSample > 8 ? .uint16 : .uint8
                try ImageFile.save(loaded.image, to: (fullFolder as NSString).appendingPathComponent(name + ".png"), format: format)
                let origin = origins[name]!
                guard let cut = loaded.image.cropped(to: PixelRect(x: origin.x, y: origin.y, width: patch, height: patch)),
                      cut.width == patch, cut.height == patch else {
                    throw CMIRError.input("\(shg[name]!): the SHG image does not hold the \(patch) px patch its core has")
                }
                try ImageFile.save(cut, to: (patchFolder as NSString).appendingPathComponent(name + ".png"), format: format)
            }
            for result in results { try result.get() }
            written = 2 * queryNames.count
        }
        return VirtualSlideRepository(layouts: layouts, fullTruth: fullTruth, patchTruth: patchTruth, queryImages: written)
    }

    private static func imagesByStem(_ folder: String) throws -> [String: String] {
        Dictionary(try ImageDirectory.imagePaths(in: folder).map { (FileStem.of($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func requireNames(_ names: [String], in images: [String: String], folder: String) throws {
        let missing = names.filter { images[$0] == nil }
        if !missing.isEmpty {
            throw CMIRError.input("\(folder): no image named \(missing.prefix(3).map { "'\($0)'" }.joined(separator: ", "))\(missing.count > 3 ? " and \(missing.count - 3) more" : "")")
        }
    }

    private static func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CMIRError.failure("\(path): cannot be written")
        }
    }
}
