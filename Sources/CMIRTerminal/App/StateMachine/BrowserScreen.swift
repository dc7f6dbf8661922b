/// The screens of the browser, in the order a user meets them.
public enum BrowserScreen: Equatable, Sendable {
    /// The demo index is being built (first start only).
    case preparing
    case repository
    case picker
    case crop
    case results
    case inspection
    /// One whole slide, panned and zoomed.
    case viewer
}
