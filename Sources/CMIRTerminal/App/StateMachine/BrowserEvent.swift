import CMIRKit

/// Something that happened: input from the user, or news from the app's background work.
public enum BrowserEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case wheel(MouseWheel)
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
    case slideOpened(ViewedSlide, match: Match?)
    case slideFailed(String)
    case resultsExported(path: String, places: Int)
    case exportFailed(String)
    case copied(String)
}
