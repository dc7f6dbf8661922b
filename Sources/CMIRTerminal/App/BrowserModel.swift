import CMIRKit

/// The terminal's cell size in pixels and how images are drawn: everything layout needs besides the size.
public struct Display: Hashable, Sendable {
    public var mode: GraphicsMode
    public var cellWidth: Int
    public var cellHeight: Int
    public init(mode: GraphicsMode, cellWidth: Int, cellHeight: Int) {
        self.mode = mode; self.cellWidth = cellWidth; self.cellHeight = cellHeight
    }
    public var cell: (width: Int, height: Int) { (cellWidth, cellHeight) }
}

/// Terminal size in cells.
public struct TerminalSize: Hashable, Sendable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) { self.columns = columns; self.rows = rows }
}

/// One indexed repository image as the browser lists it.
public struct RepositoryEntry: Equatable, Sendable {
    public var path: String
    /// File name without folder and extension: shown under the thumbnail, and the key that pairs a
    /// query with its true match.
    public var stem: String
    public init(path: String) {
        self.path = path
        stem = FileStem.of(path)
    }
}

/// What the status line says about the open index.
public struct IndexDescription: Equatable, Sendable {
    public var imageCount: Int
    /// "raw grayscale", "CoMIR bf-shg (bf network)", ...
    public var representation: String
    /// Model file name, or nil for the raw representation.
    public var model: String?
    public var vocabularySize: Int

    public init(imageCount: Int, representation: String, model: String?, vocabularySize: Int) {
        self.imageCount = imageCount; self.representation = representation; self.model = model
        self.vocabularySize = vocabularySize
    }

    public var summary: String {
        var parts = ["\(imageCount) \(imageCount == 1 ? "image" : "images")", "representation: \(representation)"]
        parts.append("model: \(model ?? "none")")
        parts.append("vocabulary: \(vocabularySize) words")
        return parts.joined(separator: " · ")
    }
}

/// The open repository: what the browser shows before any search.
public struct RepositoryInfo: Equatable, Sendable {
    public var description: IndexDescription
    public var entries: [RepositoryEntry]
    public init(description: IndexDescription, entries: [RepositoryEntry]) {
        self.description = description; self.entries = entries
    }
}

/// One ranked result.
public struct ResultEntry: Equatable, Sendable {
    public var rank: Int
    public var path: String
    public var stem: String
    public var score: Double
    /// Where the query lies in the image, only when re-ranking verified it: an unverified placement is not drawn.
    public var region: MatchRegion?
    public init(rank: Int, path: String, score: Double, region: MatchRegion? = nil) {
        self.rank = rank; self.path = path; stem = FileStem.of(path); self.score = score; self.region = region
    }
}

/// A visual word at a position, for the word overlay.
public struct PlacedWord: Equatable, Sendable {
    public var word: Int
    public var x: Double, y: Double
    public init(word: Int, x: Double, y: Double) { self.word = word; self.x = x; self.y = y }
}

/// A search the browser asks for.
public struct SearchRequest: Equatable, Sendable {
    public var id: Int
    public var queryPath: String
    /// Query region in query-image pixels; nil for the whole image.
    public var region: PixelRect?
    public var rerank: Bool
    public init(id: Int, queryPath: String, region: PixelRect?, rerank: Bool) {
        self.id = id; self.queryPath = queryPath; self.region = region; self.rerank = rerank
    }
}

/// What a finished search returns to the browser.
public struct SearchOutcome: Equatable, Sendable {
    /// The best matches, best first (the engine's ranking, possibly cut to a display limit).
    public var matches: [ResultEntry]
    /// Rank of the repository image whose stem equals the query's, over the whole ranking; nil when
    /// no repository image pairs with the query by name.
    public var trueMatchRank: Int?
    public var seconds: Double
    /// Whether re-ranking actually ran (it can be unavailable).
    public var reranked: Bool
    /// The query's visual words in query-image coordinates, for the word overlay.
    public var queryWords: [PlacedWord]
    public init(matches: [ResultEntry], trueMatchRank: Int?, seconds: Double, reranked: Bool, queryWords: [PlacedWord]) {
        self.matches = matches; self.trueMatchRank = trueMatchRank; self.seconds = seconds
        self.reranked = reranked; self.queryWords = queryWords
    }
}

/// How far a long operation is.
public struct ProgressSnapshot: Equatable, Sendable {
    public var stage: String
    public var done: Int
    public var total: Int
    public var detail: String
    public init(stage: String, done: Int, total: Int, detail: String = "") {
        self.stage = stage; self.done = done; self.total = total; self.detail = detail
    }

    /// "stage 3/8 detail" with a bar of `width` cells.
    public func line(barWidth: Int) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int((fraction * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, barWidth - filled))
        let count = total > 0 ? " \(done)/\(total)" : ""
        return "\(stage) \(bar)\(count)\(detail.isEmpty ? "" : " " + detail)"
    }
}
