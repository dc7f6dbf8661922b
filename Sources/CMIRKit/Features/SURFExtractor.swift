/// SURF at detected interest points (Bay et al. 2008): fast-Hessian blobs, each with its dominant
/// orientation (or upright) and the 64-value descriptor. Rotation invariant unless `upright`; scale invariant.
/// `strength` is the interpolated det(H) at the blob.
public struct SURFExtractor: FeatureExtractor {
    public var upright: Bool
    public var detector: FastHessianDetector

    public init(upright: Bool = false, detector: FastHessianDetector = FastHessianDetector()) {
        self.upright = upright
        self.detector = detector
    }

    public var name: String { upright ? FeatureExtractorKind.surfUpright.rawValue : FeatureExtractorKind.surf.rawValue }
    public var descriptorLength: Int { SURFDescriptor.length }

    /// Features strongest first. Colour images are reduced to their luminance first.
    public func extract(from image: Image) -> [Feature] {
        let integral = IntegralImage(image.grayscale())
        let keypoints = detector.detect(integral)
        let oriented = !upright
        let features = ParallelMap.map(keypoints.count) { index -> Feature? in
            let keypoint = keypoints[index]
            return SURFFeature.make(
                keypoint, oriented: oriented,
                orientationSampler: IntegralHaarSampler(integral: integral, radius: SURFOrientation.haarRadius(scale: keypoint.scale)),
                descriptorSampler: IntegralHaarSampler(integral: integral, radius: SURFDescriptor.haarRadius(scale: keypoint.scale)))
        }
        return features.compactMap { $0 }
    }
}
