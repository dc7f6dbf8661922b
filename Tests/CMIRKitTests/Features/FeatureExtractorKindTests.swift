import CMIRKit
import CMIRTestSupport
import Testing

@Suite struct FeatureExtractorKindTests {
    @Test func namesRoundTrip() throws {
        for kind in FeatureExtractorKind.allCases {
            let extractor = try makeExtractor(named: kind.rawValue)
            #expect(extractor.name == kind.rawValue)
            #expect(extractor.descriptorLength == ([.sift, .rootSIFT, .siftNative, .rootSIFTNative].contains(kind) ? 128 : 64))
        }
        #expect(throws: CMIRError.input("unknown feature extractor 'orb' (known: surf, surf-upright, surf-grid, surf-grid-oriented, sift, rootsift, sift-native, rootsift-native)")) {
            try makeExtractor(named: "orb")
        }
    }

    @Test(arguments: FeatureExtractorKind.allCases)
    func tinyAndFlatImagesGiveNoFeatures(kind: FeatureExtractorKind) {
        let extractor = kind.makeExtractor()
        let images = [
            Image(width: 1, height: 1, channels: 1, filledWith: 0.3),
            FeatureTestImages.blobs(width: 7, height: 5, count: 3, seed: 1),
            Image(width: 96, height: 96, channels: 1, filledWith: 0.7),
            Image(width: 64, height: 64, channels: 3, filledWith: 0),
        ]
        for image in images { #expect(extractor.extract(from: image).isEmpty) }
    }
}
