import CMIRKit
import Foundation

extension IndexSummary {
    /// What the repository's status row says: "8 images · 1 slide · representation: raw grayscale · model: none ·
    /// vocabulary: 1000 words". Slides are counted apart from the ordinary images, and only when there are any.
    var statusLine: String {
        var model = "none"
        if case .comir(let comir) = representation { model = (comir.modelPath as NSString).lastPathComponent }
        let images = imageCount - slideCount
        let counts = slideCount == 0 ? [Self.counted(images, "image")]
            : images == 0 ? [Self.counted(slideCount, "slide")]
            : [Self.counted(images, "image"), Self.counted(slideCount, "slide")]
        return (counts + ["representation: \(representation.summary)", "model: \(model)",
                          "vocabulary: \(vocabularySize) words"]).joined(separator: " · ")
    }

    /// "1 slide", "8 images".
    private static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
