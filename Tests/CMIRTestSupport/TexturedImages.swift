import CMIRKit
import Foundation

/// Distinct, feature-rich synthetic images for retrieval tests: every seed gives its own arrangement of
/// blobs and bars, so each image has many local features and differs from the others.
public enum TexturedImages {
    public static func make(seed: UInt64, width: Int = 160, height: Int = 160, channels: Int = 1) -> Image {
        var random = SeededRandom(seed: seed)
        var image = Image(width: width, height: height, channels: channels, filledWith: 0.2)
        for _ in 0..<40 {
            let cx = random.uniform(0, Double(width)), cy = random.uniform(0, Double(height))
            let radius = random.uniform(2, 9), value = Float(random.uniform(0.3, 1))
            let square = random.unit() < 0.5
            let x0 = max(0, Int(cx - 3 * radius)), x1 = min(width - 1, Int(cx + 3 * radius))
            let y0 = max(0, Int(cy - 3 * radius)), y1 = min(height - 1, Int(cy + 3 * radius))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let dx = Double(x) - cx, dy = Double(y) - cy
                    let inside = square ? max(abs(dx), abs(dy)) <= radius : dx * dx + dy * dy <= radius * radius
                    if inside {
                        for c in 0..<channels { image[x, y, c] = value * (1 - 0.2 * Float(c)) }
                    }
                }
            }
        }
        return image
    }

    /// Writes `count` textured PNGs named img0.png, img1.png, ... into `folder`; returns their paths.
    @discardableResult
    public static func writeFolder(_ folder: URL, count: Int, firstSeed: UInt64 = 1) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try (0..<count).map { i in
            let path = folder.appendingPathComponent("img\(i).png").path
            try ImageFile.save(make(seed: firstSeed + UInt64(i)), to: path)
            return path
        }
    }

    /// A temporary folder of `count` textured images indexed in-process with `settings`; the caller removes `folder`.
    public static func indexedRepository(count: Int, settings: IndexSettings) throws -> (folder: URL, images: URL, index: String) {
        let folder = TestImages.temporaryDirectory()
        let images = folder.appendingPathComponent("images")
        try writeFolder(images, count: count)
        let index = folder.appendingPathComponent("repo.cmirindex").path
        _ = try Engine.buildIndex(directory: images.path, output: index, settings: settings)
        return (folder, images, index)
    }
}
