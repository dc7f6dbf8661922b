import CMIRKit

/// Something that happened: input from the user, or news from the app's background work.
public enum BrowserEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resized(TerminalSize)
    case preparationProgress(ProgressSnapshot)
    case repositoryReady(RepositoryInfo)
    case preparationFailed(String)
    case queryLoaded(path: String, width: Int, height: Int)
    case queryFailed(String)
    case searchProgress(id: Int, ProgressSnapshot)
    case searchFinished(id: Int, SearchOutcome)
    case searchFailed(id: Int, String)
    case cropSaved(path: String, region: PixelRect)
    case cropSaveFailed(String)
    case pathCompleted(text: String, choices: [String])
    case wordsLoaded(WordOverlay)
    case wordsFailed(String)
}

/// Work the state machine asks the app to do; its results come back as events.
public enum BrowserEffect: Equatable, Sendable {
    /// Read the image's size (and check it decodes) before the crop tool opens on it.
    case loadQuery(path: String)
    case search(SearchRequest)
    case cancelSearch(id: Int)
    /// Write the region of the query image as a PNG query file.
    case saveCrop(queryPath: String, region: PixelRect)
    /// Complete a typed path as far as it is unambiguous.
    case completePath(String)
    /// The stored visual words of a repository image, to pair with the last query's words.
    case loadWords(matchPath: String)
    case quit
}
