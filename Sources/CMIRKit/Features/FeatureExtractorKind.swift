/// The feature extractors cmir offers, by the name an index stores and `--features` accepts.
public enum FeatureExtractorKind: String, CaseIterable, Sendable {
    /// Detected SURF keypoints with their dominant orientation (rotation invariant).
    case surf
    /// Detected SURF keypoints, upright descriptors.
    case surfUpright = "surf-upright"
    /// The paper's dense grid (MATLAB bagOfFeatures defaults): upright SURF at 8 px steps, 4 block widths.
    case surfGrid = "surf-grid"
    /// The same grid with oriented descriptors.
    case surfGridOriented = "surf-grid-oriented"
    /// OpenCV SIFT.
    case sift
    /// OpenCV SIFT keypoints with RootSIFT descriptors (see `SIFTExtractor.root`).
    case rootSIFT = "rootsift"
    /// SIFT with its scale space starting at the image's own resolution (see `SIFTExtractor.nativeFirstOctave`).
    case siftNative = "sift-native"
    /// The same with RootSIFT descriptors.
    case rootSIFTNative = "rootsift-native"

    /// A new extractor of this kind with its default settings.
    public func makeExtractor() -> any FeatureExtractor {
        switch self {
        case .surf: SURFExtractor()
        case .surfUpright: SURFExtractor(upright: true)
        case .surfGrid: DenseSURFExtractor()
        case .surfGridOriented: DenseSURFExtractor(oriented: true)
        case .sift: SIFTExtractor()
        case .rootSIFT: SIFTExtractor(root: true)
        case .siftNative: SIFTExtractor(nativeFirstOctave: true)
        case .rootSIFTNative: SIFTExtractor(root: true, nativeFirstOctave: true)
        }
    }
}

/// The extractor stored under `name` in an index or given to `--features`; an unknown name is an input error
/// that lists the known ones.
public func makeExtractor(named name: String) throws -> any FeatureExtractor {
    guard let kind = FeatureExtractorKind(rawValue: name) else {
        let known = FeatureExtractorKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw CMIRError.input("unknown feature extractor '\(name)' (known: \(known))")
    }
    return kind.makeExtractor()
}
