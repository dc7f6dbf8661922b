import COpenCV
import Foundation

/// SIFT (Lowe 2004) through OpenCV, the paper's alternative to SURF.
///
/// Conversions to cmir's `Feature`: OpenCV's keypoint angle is in degrees, clockwise as displayed (it is
/// measured in image axes with y down), so `angle` = -degrees * pi / 180, wrapped to (-pi, pi]; `scale` is
/// half OpenCV's keypoint size (which is twice the Gaussian sigma), i.e. the sigma in pixels as for SURF;
/// descriptors are rescaled to unit length, or made RootSIFT. Features are sorted by strength (OpenCV's
/// response), then position, because OpenCV's multi-threaded detection does not fix the order.
public struct SIFTExtractor: FeatureExtractor {
    /// Keep only this many of the strongest keypoints (0: all).
    public var maximumFeatures: Int
    /// RootSIFT (Arandjelovic & Zisserman 2012): each descriptor divided by its sum, then the square root of
    /// every element, so that Euclidean distances between descriptors compare them as the Hellinger kernel
    /// does and a few large bins no longer dominate. The result has unit length like the plain descriptor.
    public var root: Bool
    /// Start the scale space at the image's own resolution. OpenCV's first octave is the image doubled, about
    /// three quarters of the pyramid's pixels; on CoMIR representations its keypoints did not help retrieval
    /// (docs/decisions.md, "SIFT's doubled first octave").
    public var nativeFirstOctave: Bool

    public init(maximumFeatures: Int = 0, root: Bool = false, nativeFirstOctave: Bool = false) {
        self.maximumFeatures = maximumFeatures
        self.root = root
        self.nativeFirstOctave = nativeFirstOctave
    }

    public var name: String {
        let kind: FeatureExtractorKind = switch (root, nativeFirstOctave) {
        case (false, false): .sift
        case (true, false): .rootSIFT
        case (false, true): .siftNative
        case (true, true): .rootSIFTNative
        }
        return kind.rawValue
    }
    public var descriptorLength: Int { 128 }

    public func extract(from image: Image) -> [Feature] {
        let gray = image.grayscale()
        var keypoints: UnsafeMutablePointer<cmir_keypoint>?
        var descriptors: UnsafeMutablePointer<Float>?
        var count: Int32 = 0
        var reason = [CChar](repeating: 0, count: 256)
        let status = cmir_sift(gray.pixels, Int32(gray.width), Int32(gray.height), Int32(maximumFeatures),
                               nativeFirstOctave ? 1 : 0, &keypoints, &descriptors, &count, &reason, reason.count)
        defer { cmir_free(keypoints); cmir_free(descriptors) }
        // OpenCV fails only on images it cannot pyramid (e.g. 1 x 1): those have no features.
        guard status == 0, let points = keypoints, let values = descriptors else { return [] }
        var features: [Feature] = []
        for i in 0..<Int(count) {
            let point = points[i]
            guard let descriptor = normalised(Array(UnsafeBufferPointer(start: values + 128 * i, count: 128))) else {
                continue
            }
            var angle = -point.angle * .pi / 180
            if angle <= -.pi { angle += 2 * .pi }
            features.append(Feature(x: point.x, y: point.y, scale: point.size / 2, angle: angle,
                                    strength: point.response, descriptor: descriptor))
        }
        features.sort { a, b in
            if a.strength != b.strength { return a.strength > b.strength }
            if a.y != b.y { return a.y < b.y }
            if a.x != b.x { return a.x < b.x }
            if a.scale != b.scale { return a.scale < b.scale }
            return a.angle < b.angle
        }
        return features
    }

    /// The descriptor at unit length, as RootSIFT when `root`; nil for an all-zero one. OpenCV's SIFT
    /// descriptors are non-negative, so the sum is their L1 norm.
    private func normalised(_ descriptor: [Float]) -> [Float]? {
        if root {
            let sum = descriptor.reduce(0, +)
            guard sum > 0 else { return nil }
            return descriptor.map { ($0 / sum).squareRoot() }
        }
        let norm = descriptor.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        return descriptor.map { $0 / norm }
    }
}
