/// One ranked result of a search.
public struct Match: Sendable, Equatable {
    /// 1-based position in the ranking.
    public var rank: Int
    public var name: String
    public var path: String
    /// The first stage's score (`FirstStageScoring`: the vote margins of the spot, or of the place, per query
    /// feature, or the tf-idf cosine in [0, 1]), or the re-ranker's score when it re-ordered.
    public var score: Double
    /// Where the query would lie in the image, by the re-ranker's best geometry; nil unless a re-ranker placed it.
    public var region: MatchRegion?
    /// Whether the evidence for `region` is more than chance gives a wrong image (the fast re-ranker's agreeing
    /// pairs): only a verified region is a claim worth showing a user.
    public var verified: Bool
    /// Id of the image in the index (for `Engine.words(ofImage:)`).
    public var imageID: Int64
    /// For a slide: the place that was scored (a window around a spot of the centre votes, or of cells), in level-0
    /// pixels; nil for a whole image.
    public var place: PixelRect?
    /// The engine's index of the window this match stands for, within its search.
    var window = -1

    public init(rank: Int, name: String, path: String, score: Double, region: MatchRegion? = nil, verified: Bool = false,
                imageID: Int64, place: PixelRect? = nil) {
        self.rank = rank; self.name = name; self.path = path; self.score = score; self.region = region
        self.verified = verified; self.imageID = imageID; self.place = place
    }

    /// The file name without extension.
    public var stem: String { FileStem.of(name) }

    /// The region only when it was verified: what a user is shown.
    public var verifiedRegion: MatchRegion? { verified ? region : nil }

    /// Where on a slide the match lies (level-0 pixels): the centre of its region, else of its place; nil for a
    /// whole image.
    public var centre: (x: Double, y: Double)? {
        guard let place else { return nil }
        if let region { return (region.x + region.width / 2, region.y + region.height / 2) }
        return (Double(place.x) + Double(place.width) / 2, Double(place.y) + Double(place.height) / 2)
    }
}
