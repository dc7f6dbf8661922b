import CMIRKit
import Foundation

extension TestImages {
    /// A gray image of random Gaussian blobs of many sizes and contrasts on a mid-gray ground: rich in
    /// corners and blobs for feature detectors, different for every seed, like nothing else in the set.
    public static func blobs(width: Int, height: Int, seed: UInt64, count: Int = 260) -> Image {
        var random = SeededGenerator(seed: seed)
        var image = Image(width: width, height: height, channels: 1, filledWith: 0.5)
        for _ in 0..<count {
            let cx = random.uniform(0, Double(width)), cy = random.uniform(0, Double(height))
            let sigma = random.uniform(2, 14), amplitude = random.uniform(-0.45, 0.45)
            let reach = Int(3 * sigma)
            for y in max(0, Int(cy) - reach)..<min(height, Int(cy) + reach + 1) {
                for x in max(0, Int(cx) - reach)..<min(width, Int(cx) + reach + 1) {
                    let d2 = (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)
                    image[x, y, 0] += Float(amplitude * exp(-d2 / (2 * sigma * sigma)))
                }
            }
        }
        for i in image.pixels.indices { image.pixels[i] = min(max(image.pixels[i], 0), 1) }
        return image
    }

    /// A temporary folder holding `repo/image<i>.png`, `count` blob images of side `side` (seeds `firstSeed`,
    /// `firstSeed + 1`, ...), and `repo.cmirindex`, their index with `settings`: the repository the re-ranker
    /// tests search. The caller removes `folder`.
    public static func blobRepository(count: Int, side: Int, firstSeed: UInt64, settings: IndexSettings) throws
        -> (folder: URL, images: URL, index: String) {
        let folder = temporaryDirectory()
        let images = folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for i in 0..<count {
            try ImageFile.save(blobs(width: side, height: side, seed: firstSeed + UInt64(i)),
                               to: images.appendingPathComponent("image\(i).png").path)
        }
        let index = folder.appendingPathComponent("repo.cmirindex").path
        _ = try Engine.buildIndex(directory: images.path, output: index, settings: settings)
        return (folder, images, index)
    }
}
