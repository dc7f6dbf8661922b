import CMIRKit

/// The screens of the browser, in the order a user meets them.
public enum BrowserScreen: Equatable, Sendable {
    /// The demo index is being built (first start only).
    case preparing
    case repository
    case picker
    case crop
    case results
    case inspection
}

/// A one-line message in the status row until the next key.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, error }
    public var kind: Kind
    public var text: String
    public static func info(_ text: String) -> StatusMessage { StatusMessage(kind: .info, text: text) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(kind: .error, text: text) }
}

/// A scrollable, filterable list of items shown as a grid or a list.
public struct Selection: Equatable, Sendable {
    public var index = 0
    public var firstRow = 0
    public init() {}
}

/// The repository grid.
public struct RepositoryState: Equatable, Sendable {
    public var info: RepositoryInfo?
    public var filter = ""
    public var selection = Selection()
    public var layer = ImageLayer.picture
    public init() {}

    /// The entries whose name contains the filter (case-insensitive), in index order.
    public var visible: [RepositoryEntry] {
        guard let info else { return [] }
        if filter.isEmpty { return info.entries }
        return info.entries.filter { $0.stem.localizedCaseInsensitiveContains(filter) }
    }
}

/// The query picker: the query folder's images, or a typed path.
public struct PickerState: Equatable, Sendable {
    public var candidates: [String]
    public var filter = ""
    public var selection = Selection()
    /// The path being typed (after `p`), and the choices the last Tab found.
    public var typedPath: String?
    public var completions: [String] = []

    public init(candidates: [String]) { self.candidates = candidates }

    public var visible: [String] {
        if filter.isEmpty { return candidates }
        return candidates.filter { FileStem.of($0).localizedCaseInsensitiveContains(filter) }
    }
}

/// The crop tool on a loaded query image.
public struct CropState: Equatable, Sendable {
    public var path: String
    public var crop: CropRectangle
    /// A mouse drag in progress: `moving` keeps the grab offset; otherwise a new rectangle is spanned from `anchor`.
    public var drag: Drag?
    /// Re-ranking for the next search (toggled with `r`).
    public var rerank: Bool

    public struct Drag: Equatable, Sendable {
        public var anchorX: Int, anchorY: Int
        public var moving: Bool
    }

    public var stem: String { FileStem.of(path) }
    /// The region searched: nil when the rectangle covers the whole image.
    public var region: PixelRect? { crop.coversWholeImage ? nil : crop.rect }
}

/// A search running in the background.
public struct RunningSearch: Equatable, Sendable {
    public var request: SearchRequest
    public var progress: ProgressSnapshot?
}

/// Ranked results of the last finished search.
public struct ResultsState: Equatable, Sendable {
    public var request: SearchRequest
    public var outcome: SearchOutcome
    public var selection = Selection()
    public var layer = ImageLayer.picture

    public var queryStem: String { FileStem.of(request.queryPath) }
    public func isTrueMatch(_ entry: ResultEntry) -> Bool { entry.stem == queryStem }
}

/// Words of the query and of one match that share a visual word, for the `w` overlay.
public struct WordOverlay: Equatable, Sendable {
    public var matchPath: String
    public var query: [PlacedWord]
    public var match: [PlacedWord]
    public init(matchPath: String, query: [PlacedWord], match: [PlacedWord]) {
        self.matchPath = matchPath; self.query = query; self.match = match
    }

    /// Keeps only the words whose id occurs on both sides.
    public static func shared(matchPath: String, query: [PlacedWord], match: [PlacedWord]) -> WordOverlay {
        let common = Set(query.map(\.word)).intersection(match.map(\.word))
        return WordOverlay(matchPath: matchPath, query: query.filter { common.contains($0.word) },
                           match: match.filter { common.contains($0.word) })
    }

    public var sharedWordCount: Int { Set(query.map(\.word)).count }
}

/// One result, large, beside the query.
public struct InspectionState: Equatable, Sendable {
    public var index: Int
    public var layer = ImageLayer.picture
    public var showWords = false
    public var words: WordOverlay?
}

/// Everything the browser shows, as a value: views draw it, `handle` changes it. No I/O happens here;
/// what needs the outside world is returned as effects for the app to run.
public struct BrowserState: Equatable, Sendable {
    public var size: TerminalSize
    public var display: Display
    public var screen: BrowserScreen
    public var helpVisible = false
    public var message: StatusMessage?
    /// Progress of building the index (the `.preparing` screen).
    public var preparation: ProgressSnapshot?
    public var preparationFailure: String?
    public var repository = RepositoryState()
    public var picker: PickerState
    public var crop: CropState?
    public var search: RunningSearch?
    public var results: ResultsState?
    public var inspection: InspectionState?
    /// Which name filter is being typed, if any.
    public var editingFilter = false
    /// The id of the next search request.
    public var nextSearchID = 1
    /// Whether searches re-rank unless toggled off: on when the engine has a re-ranker.
    public var rerankDefault = false

    public init(size: TerminalSize, display: Display, queries: [String], repository: RepositoryInfo?) {
        self.size = size
        self.display = display
        picker = PickerState(candidates: queries)
        self.repository.info = repository
        screen = repository == nil ? .preparing : .repository
    }

    public var layout: ScreenLayout { ScreenLayout(size: size) }
    public var repositoryGrid: GridLayout { GridLayout(area: layout.content, display: display, labelRows: 1) }
    public var resultsLayout: ResultsLayout { ResultsLayout(area: layout.content, display: display) }
    public var cropLayout: CropLayout { CropLayout(area: layout.content) }
    /// Rows of the picker's list (one name per row).
    public var pickerListRows: Int { max(1, layout.content.rows) }
}
