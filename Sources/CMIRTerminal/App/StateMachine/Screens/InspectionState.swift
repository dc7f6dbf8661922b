/// One result, large, beside the query.
public struct InspectionState: Equatable, Sendable {
    public var index: Int
    public var layer = ImageLayer.picture
    public var showWords = false
    public var words: WordOverlay?
}
