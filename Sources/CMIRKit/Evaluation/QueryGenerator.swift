import Foundation

/// Makes the transformed queries of the evaluation protocol (../shared/docs/evaluation.md): each source
/// image rotated about its centre by a uniform angle in [-rotate, rotate] degrees and shifted by uniform
/// [-shift, shift] px in x and y, on a canvas of the same size whose uncovered part takes the median colour
/// of the image border; optionally the patch x patch centre of that. Transforms are drawn from one seeded
/// generator in the order of the names (angle, tx, ty per name), so a seed and a name list fix every query.
public struct QueryGenerator: Sendable {
    public var rotate: Double
    public var shift: Double
    public var patch: Int
    public var seed: UInt64

    public init(rotate: Double = 30, shift: Double = 60, patch: Int = 0, seed: UInt64) {
        self.rotate = rotate; self.shift = shift; self.patch = patch; self.seed = seed
    }

    /// The transform of every name, in order.
    public func transforms(for names: [String]) -> [QueryTransform] {
        var random = SeededRandom(seed: seed)
        return names.map { name in
            let angle = random.uniform(-rotate, rotate)
            let tx = random.uniform(-shift, shift)
            let ty = random.uniform(-shift, shift)
            return QueryTransform(name: name, angleDegrees: angle, tx: tx, ty: ty, patch: patch)
        }
    }

    /// The query image for one source image.
    public func render(_ image: Image, with transform: QueryTransform) throws -> Image {
        let canvas = image.warped(by: transform.canvasTransform(width: image.width, height: image.height),
                                  border: Self.borderMedian(of: image))
        guard transform.patch > 0 else { return canvas }
        guard transform.patch <= image.width, transform.patch <= image.height else {
            throw CMIRError.input("\(transform.name): a \(transform.patch) px patch does not fit the \(image.width) x \(image.height) image")
        }
        let origin = QueryTransform.patchOrigin(width: image.width, height: image.height, patch: transform.patch)
        return canvas.cropped(to: PixelRect(x: origin.x, y: origin.y, width: transform.patch, height: transform.patch))!
    }

    /// Per channel, the median of the pixels on the image's outermost rows and columns.
    public static func borderMedian(of image: Image) -> [Float] {
        (0..<image.channels).map { c in
            var values: [Float] = []
            for x in 0..<image.width { values.append(image[x, 0, c]); values.append(image[x, image.height - 1, c]) }
            for y in 0..<image.height { values.append(image[0, y, c]); values.append(image[image.width - 1, y, c]) }
            values.sort()
            return values[values.count / 2]
        }
    }

    /// Writes `<stem>.png` for every name (16-bit when the source has more than 8 bits) and transforms.csv
    /// into `outputDirectory`. Every name must have an image in `sourceDirectory`; that is checked first,
    /// so a bad list writes nothing.
    @discardableResult
    public func generate(sourceDirectory: String, outputDirectory: String, names: [String],
                         progress: any ProgressReporter = SilentProgress()) throws -> [QueryTransform] {
        let sources = Dictionary(try ImageDirectory.imagePaths(in: sourceDirectory).map { (FileStem.of($0), $0) },
                                 uniquingKeysWith: { first, _ in first })
        let missing = names.filter { sources[$0] == nil }
        if !missing.isEmpty {
            throw CMIRError.input("\(sourceDirectory): no image named \(missing.prefix(3).map { "'\($0)'" }.joined(separator: ", "))\(missing.count > 3 ? " and \(missing.count - 3) more" : "")")
        }
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw CMIRError.input("\(outputDirectory): cannot create the folder")
        }
        let transforms = self.transforms(for: names)
        let counter = ProgressCounter(stage: "queries", total: names.count, progress: progress)
        let results = ParallelMap.results(names.count) { i in
            defer { counter.step(detail: names[i]) }
            let loaded = try ImageFile.load(sources[names[i]]!)
            let query = try self.render(loaded.image, with: transforms[i])
            let target = (outputDirectory as NSString).appendingPathComponent(names[i] + ".png")
            try ImageFile.save(query, to: target, format: loaded.bitsPerSample > 8 ? .uint16 : .uint8)
        }
        for result in results { try result.get() }
        let csvPath = (outputDirectory as NSString).appendingPathComponent("transforms.csv")
        do {
            try TransformTable.csv(transforms).write(toFile: csvPath, atomically: true, encoding: .utf8)
        } catch {
            throw CMIRError.failure("\(csvPath): cannot be written")
        }
        return transforms
    }
}
