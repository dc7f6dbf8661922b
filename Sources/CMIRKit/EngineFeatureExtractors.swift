import COpenCV

/// Makes the feature extractor an index names in its settings.
/// Interim: OpenCV SIFT only, until the SURF extractors (and their factory) land from the features work.
func makeFeatureExtractor(named name: String) throws -> any FeatureExtractor {
    switch name {
    case "sift": return OpenCVSIFT()
    default: throw CMIRError.input("unknown feature extractor '\(name)' (known: sift)")
    }
}

/// OpenCV's SIFT with unit-length descriptors and angles converted to radians counter-clockwise.
struct OpenCVSIFT: FeatureExtractor {
    var name: String { "sift" }
    var descriptorLength: Int { 128 }

    func extract(from image: Image) -> [Feature] {
        let gray = image.grayscale()
        var keypoints: UnsafeMutablePointer<cmir_keypoint>?
        var descriptors: UnsafeMutablePointer<Float>?
        var count: Int32 = 0
        var reason = [CChar](repeating: 0, count: 256)
        let status = cmir_sift(gray.pixels, Int32(gray.width), Int32(gray.height), 0, &keypoints, &descriptors,
                               &count, &reason, reason.count)
        defer { cmir_free(keypoints); cmir_free(descriptors) }
        guard status == 0, let keypoints, let descriptors else { return [] }
        return (0..<Int(count)).map { i in
            let k = keypoints[i]
            var d = Array(UnsafeBufferPointer(start: descriptors + i * 128, count: 128))
            let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for j in d.indices { d[j] /= norm } }
            return Feature(x: k.x, y: k.y, scale: k.size / 2, angle: -k.angle * .pi / 180, strength: k.response,
                           descriptor: d)
        }
    }
}
