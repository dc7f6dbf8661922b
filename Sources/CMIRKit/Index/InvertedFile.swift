import Foundation

/// The inverted file of a repository: for every visual word, the images containing it with their tf-idf
/// weight. Scoring follows MATLAB's indexImages/retrieveImages, which the paper used: term frequency
/// tf = count / words in the image, inverse document frequency idf = log(N / images containing the word),
/// every image's tf-idf vector scaled to unit length, and the score of an image the cosine similarity of
/// its vector with the query's. Only the words a query contains are visited.
struct InvertedFile: Sendable {
    let imageCount: Int
    let vocabularySize: Int
    /// Inverse document frequency of every word.
    let idf: [Float]
    /// Postings of word w: `postingImages[postingStarts[w]..<postingStarts[w+1]]` with their weights.
    private let postingStarts: [Int]
    private let postingImages: [Int32]
    private let postingWeights: [Float]

    /// `histograms[i]` is the word histogram of image i.
    init(histograms: [WordHistogram], vocabularySize: Int) {
        imageCount = histograms.count
        self.vocabularySize = vocabularySize
        var documentFrequency = [Int](repeating: 0, count: vocabularySize)
        for histogram in histograms {
            for entry in histogram.entries where Int(entry.word) < vocabularySize { documentFrequency[Int(entry.word)] += 1 }
        }
        let n = Float(histograms.count)
        let idf = documentFrequency.map { $0 > 0 ? Float(log(Double(n) / Double($0))) : 0 }
        self.idf = idf

        var starts = [Int](repeating: 0, count: vocabularySize + 1)
        for w in 0..<vocabularySize { starts[w + 1] = starts[w] + documentFrequency[w] }
        var images = [Int32](repeating: 0, count: starts[vocabularySize])
        var weights = [Float](repeating: 0, count: starts[vocabularySize])
        var fill = starts
        for (i, histogram) in histograms.enumerated() {
            let vector = Self.unitTfIdf(histogram, idf: idf)
            for (entry, weight) in zip(histogram.entries, vector) where Int(entry.word) < vocabularySize {
                let w = Int(entry.word)
                images[fill[w]] = Int32(i)
                weights[fill[w]] = weight
                fill[w] += 1
            }
        }
        postingStarts = starts
        postingImages = images
        postingWeights = weights
    }

    /// The unit-length tf-idf weights of a histogram's entries (all zero when every word has idf 0).
    static func unitTfIdf(_ histogram: WordHistogram, idf: [Float]) -> [Float] {
        let total = Float(max(histogram.totalCount, 1))
        var weights = histogram.entries.map { entry in
            Int(entry.word) < idf.count ? Float(entry.count) / total * idf[Int(entry.word)] : 0
        }
        let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in weights.indices { weights[i] /= norm } }
        return weights
    }

    /// Cosine similarity of the query with every image, indexed like the histograms.
    func scores(for query: WordHistogram) -> [Float] {
        var scores = [Float](repeating: 0, count: imageCount)
        let weights = Self.unitTfIdf(query, idf: idf)
        postingImages.withUnsafeBufferPointer { images in
            postingWeights.withUnsafeBufferPointer { postings in
                scores.withUnsafeMutableBufferPointer { s in
                    for (entry, q) in zip(query.entries, weights) where q != 0 {
                        let w = Int(entry.word)
                        for p in postingStarts[w]..<postingStarts[w + 1] { s[Int(images[p])] += q * postings[p] }
                    }
                }
            }
        }
        return scores
    }
}
