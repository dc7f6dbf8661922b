import CMIRKit

/// What a result tile shows of a place on a slide: the matched region with some of the tissue around it, and the
/// whole slide inset with that part marked.
enum PlaceTile {
    /// The tile spans this many times the side of the matched region's bounding box.
    static let context = 1.5

    /// The square about the match's region (its place when re-ranking gave none), moved inside the slide where it
    /// fits, with the slide inset when its level-0 size is known; nil for a match that is not a place.
    static func view(of match: Match, slide: (width: Int, height: Int)?) -> SlideView? {
        guard let place = match.place else { return nil }
        guard let slide else { return SlideView(region: place) }
        var shown = place
        if let region = match.region {
            let bounds = region.bounds
            let side = max(1, Int((max(bounds.width, bounds.height) * context).rounded()))
            shown = PixelRect(x: 0, y: 0, width: 0, height: 0)
            (shown.x, shown.width) = span(centre: bounds.x + bounds.width / 2, side: side, limit: slide.width)
            (shown.y, shown.height) = span(centre: bounds.y + bounds.height / 2, side: side, limit: slide.height)
        }
        return SlideView(region: shown, inset: SlideInset(slideWidth: slide.width, slideHeight: slide.height, mark: shown))
    }

    /// `side` pixels centred on `centre`, moved into 0..<limit; all of it when `side` does not fit.
    private static func span(centre: Double, side: Int, limit: Int) -> (start: Int, length: Int) {
        guard side < limit else { return (0, max(1, limit)) }
        return (min(max(0, Int((centre - Double(side) / 2).rounded())), limit - side), side)
    }
}
