import CMIRKit
import Foundation

/// Small virtual slides for the slide tests: textured RGB cores at reduced size, written as PNG folders or
/// handed to the generator in memory.
public enum SlideFixtures {
    /// A textured RGB core of side `side`: blobs in three slightly different tints, unlike every other seed's.
    public static func core(seed: UInt64, side: Int = 128) -> Image {
        let gray = TestImages.blobs(width: side, height: side, seed: seed, count: side * side / 60)
        var rgb = Image(width: side, height: side, channels: 3)
        for c in 0..<3 {
            for i in 0..<gray.pixelCount { rgb.pixels[c * gray.pixelCount + i] = gray.pixels[i] * (1 - 0.15 * Float(c)) + 0.05 * Float(c) }
        }
        return rgb
    }

    /// `count` cores named core0, core1, ...
    public static func cores(count: Int, side: Int = 128, firstSeed: UInt64 = 11) -> [VirtualSlideGenerator.Core] {
        (0..<count).map { VirtualSlideGenerator.Core(name: "core\($0)", image: core(seed: firstSeed + UInt64($0), side: side)) }
    }

    /// Writes the cores as `<folder>/bf/core<i>.png`, their gray versions as `<folder>/shg/core<i>.png` (aligned,
    /// as the SHG images are with their BF cores) and `<folder>/names.txt` naming the first `queries` of them.
    public static func writeSourceFolders(_ folder: URL, count: Int, queries: Int, side: Int = 128) throws {
        let bf = folder.appendingPathComponent("bf"), shg = folder.appendingPathComponent("shg")
        try FileManager.default.createDirectory(at: bf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: shg, withIntermediateDirectories: true)
        for core in cores(count: count, side: side) {
            try ImageFile.save(core.image, to: bf.appendingPathComponent(core.name + ".png").path)
            try ImageFile.save(core.image.grayscale(), to: shg.appendingPathComponent(core.name + ".png").path)
        }
        let names = (0..<queries).map { "core\($0)" }.joined(separator: "\n") + "\n"
        try names.write(to: folder.appendingPathComponent("names.txt"), atomically: true, encoding: .utf8)
    }

    /// Pearson correlation of two equally long value lists.
    public static func correlation(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0) { $0 + Double($1) } / n, mb = b.reduce(0) { $0 + Double($1) } / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            let da = Double(a[i]) - ma, db = Double(b[i]) - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        return sab / max((saa * sbb).squareRoot(), 1e-12)
    }

    /// The source core as it should appear in the level-0 region whose top-left corner is (x0, y0): the
    /// placement's transform in pixel-index coordinates (centres at integers), shifted to the region.
    public static func expectedRegion(of source: Image, placement: CorePlacement, x0: Int, y0: Int, width: Int,
                                      height: Int) -> Image {
        let cx = Double(source.width) / 2, cy = Double(source.height) / 2
        let transform = AffineTransform.rotation(degrees: placement.angleDegrees, center: (cx - 0.5, cy - 0.5),
                                                 shift: (placement.centreX - cx - Double(x0), placement.centreY - cy - Double(y0)))
        return source.warped(by: transform, width: width, height: height, border: [1])
    }

    /// Gray values of `image` at the pixels within `radius` of (cx, cy) (pixel-index coordinates).
    public static func disc(_ image: Image, cx: Double, cy: Double, radius: Double) -> [Float] {
        let gray = image.grayscale()
        var values: [Float] = []
        for y in 0..<gray.height {
            for x in 0..<gray.width where (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy) <= radius * radius {
                values.append(gray[x, y, 0])
            }
        }
        return values
    }
}
