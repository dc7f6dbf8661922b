import CMIRKit

/// Work the state machine asks the app to do; its results come back as events.
public enum BrowserEffect: Equatable, Sendable {
    /// Decode the query image (kept for the crop tool, the search and the thumbnails) before the crop tool opens on it.
    case loadQuery(path: String)
    case search(BrowserSearch)
    case cancelSearch(id: Int)
    /// Write the region of the query image as a PNG query file.
    case saveCrop(queryPath: String, region: PixelRect)
    /// Complete a typed path as far as it is unambiguous.
    case completePath(String)
    /// The stored visual words of a match (its image, or its place on a slide), to pair with the last query's words.
    case loadWords(Match)
    /// Open a slide in the viewer, on a result's place when `match` is given.
    case openSlide(path: String, name: String, match: Match?)
    /// Write the current results as GeoJSON (beside the index, else in the current directory).
    case exportResults
    /// Put text on the terminal's clipboard (OSC 52).
    case copyToClipboard(String)
    case quit
}
