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
    public var viewer: ViewerState?
    /// The slide being opened in the background (its header read) and the screen it was asked from: the viewer
    /// opens only if the user is still there.
    public var openingSlide: OpeningSlide?
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
    /// A second label row when the repository holds slides (their size and pixel size).
    public var repositoryGrid: GridLayout {
        GridLayout(area: layout.content, display: display, labelRows: repository.info?.images.contains { $0.slide != nil } == true ? 2 : 1)
    }
    public var resultsLayout: ResultsLayout { ResultsLayout(area: layout.content, display: display) }
    public var cropLayout: CropLayout { CropLayout(area: layout.content, display: display) }
    public var viewerLayout: ViewerLayout { ViewerLayout(area: layout.content, display: display) }
    /// Rows of the picker's list (one name per row).
    public var pickerListRows: Int { max(1, layout.content.rows) }
}
