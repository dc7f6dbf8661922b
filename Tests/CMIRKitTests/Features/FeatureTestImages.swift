import CMIRKit
import CMIRTestSupport
import Foundation

/// Images the feature tests share: seeded synthetic blobs and the real BF/SHG data.
enum FeatureTestImages {
    /// Gaussian blobs of varied size (sigma in `sigmas`, pixels) and contrast at seeded random places on a gray
    /// background, in [0, 1].
    static func blobs(width: Int, height: Int, count: Int, seed: UInt64, sigmas: ClosedRange<Float> = 2...9) -> Image {
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0.5, count: width * height)
        for _ in 0..<count {
            let cx = Float.random(in: 0..<Float(width), using: &generator)
            let cy = Float.random(in: 0..<Float(height), using: &generator)
            let sigma = Float.random(in: sigmas, using: &generator)
            let amplitude = Float.random(in: -0.3...0.3, using: &generator)
            let reach = Int(3 * sigma)
            for y in max(0, Int(cy) - reach)..<min(height, Int(cy) + reach + 1) {
                for x in max(0, Int(cx) - reach)..<min(width, Int(cx) + reach + 1) {
                    let d2 = (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)
                    values[y * width + x] += amplitude * exp(-d2 / (2 * sigma * sigma))
                }
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: values.map { min(max($0, 0), 1) })
    }

    /// The raw representation (percentile-stretched gray) of one image of the shared data, or nil without it.
    static func real(_ folder: String, _ name: String) throws -> Image? {
        guard let data = TestImages.sharedData else { return nil }
        let path = data.appendingPathComponent(folder).appendingPathComponent(name + ".png").path
        return try RawRepresentation().represent(ImageFile.load(path).image)
    }

    /// Names of the test split of the shared data (empty without it).
    static func testNames() throws -> [String] {
        guard let data = TestImages.sharedData else { return [] }
        let csv = try String(contentsOf: data.appendingPathComponent("splits.csv"), encoding: .utf8)
        return csv.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: ",")
            return fields.count == 2 && fields[1].trimmingCharacters(in: .whitespaces) == "test" ? String(fields[0]) : nil
        }
    }
}

extension Feature {
    /// Euclidean distance between two features' descriptors.
    func descriptorDistance(to other: Feature) -> Float {
        var sum: Float = 0
        for (a, b) in zip(descriptor, other.descriptor) { sum += (a - b) * (a - b) }
        return sum.squareRoot()
    }
}

/// The absolute difference of two angles (radians) on the circle, in [0, pi].
func angularDistance(_ a: Float, _ b: Float) -> Float {
    abs(remainder(a - b, 2 * Float.pi))
}
