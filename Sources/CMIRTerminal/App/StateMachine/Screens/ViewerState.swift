import CMIRKit

/// The slide viewer: the slide, the part in view, and the result it was opened on (its outline is drawn).
public struct ViewerState: Equatable, Sendable {
    public var slide: ViewedSlide
    public var viewport: SlideViewport
    /// The result the viewer was opened on, if any.
    public var match: Match?
    /// Where Esc goes back to.
    public var returnScreen: BrowserScreen

    /// The viewer over `view` screen pixels: centred on the match when there is one, else the whole slide.
    public init(slide: ViewedSlide, match: Match?, returnScreen: BrowserScreen, view: (width: Int, height: Int)) {
        self.slide = slide
        self.match = match
        self.returnScreen = returnScreen
        viewport = SlideViewport(slideWidth: slide.width, slideHeight: slide.height, downsamples: slide.downsamples, view: view)
        if let match, let centre = match.centre {
            let width = match.region?.width ?? Double(match.place?.width ?? slide.width)
            let height = match.region?.height ?? Double(match.place?.height ?? slide.height)
            viewport.focus(x: centre.x, y: centre.y, width: width, height: height, view: view)
        }
    }

    /// What `y` copies: the match's place (level-0 pixels) when opened on one, else the part in view.
    public func placeText(view: (width: Int, height: Int)) -> String {
        PlaceText.of(slide: slide.name, rect: match?.place ?? viewport.visibleRegion(view: view))
    }
}
