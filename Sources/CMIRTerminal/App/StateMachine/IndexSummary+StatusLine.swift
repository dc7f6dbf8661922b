import CMIRKit
import Foundation

extension IndexSummary {
    /// What the repository's status row says: "8 images · representation: raw grayscale · model: none · vocabulary: 1000 words".
    var statusLine: String {
        var model = "none"
        if case .comir(let comir) = representation { model = (comir.modelPath as NSString).lastPathComponent }
        return ["\(imageCount) \(imageCount == 1 ? "image" : "images")", "representation: \(representation.summary)",
                "model: \(model)", "vocabulary: \(vocabularySize) words"].joined(separator: " · ")
    }
}
