import ArgumentParser
import CMIRKit
import Foundation

/// `cmir query INDEX IMAGE`: ranks the repository images for one query image or region.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Rank the images of an index by similarity to a query image (or a region of it)."
    )

    @Argument(help: "The index file (from cmir index).")
    var index: String

    @Argument(help: "The query image.")
    var image: String

    @Option(help: "Search only this region of the query image: X,Y,WIDTH,HEIGHT in pixels.")
    var region: String?

    @Option(help: "Number of results.")
    var top: Int = 10

    @OptionGroup var search: SearchOptions

    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let region { _ = try Self.parseRegion(region) }
    }

    func run() throws {
        let engine = try search.open(index)
        let matches = try engine.search(SearchRequest(path: image, region: try region.map(Self.parseRegion), top: top,
                                                      rerank: search.rerank, scoring: search.scoring)).matches
        if json {
            print(OrderedJSON.array(try matches.map { match in
                guard let region = match.region else {
                    return try OrderedJSON.object(["rank": match.rank, "name": match.name, "path": match.path, "score": match.score])
                }
                return try OrderedJSON.object(["rank": match.rank, "name": match.name, "path": match.path, "score": match.score,
                                               "region": JSONRegion(region), "verified": match.verified])
            }))
        } else {
            let nameWidth = min(60, matches.map(\.name.count).max() ?? 4)
            for match in matches {
                let rank = String(match.rank).leftPadded(to: 3)
                let place = match.region.map {
                    String(format: "  at (%.0f, %.0f) %.0f x %.0f px, %.1f deg", $0.x + $0.width / 2, $0.y + $0.height / 2, $0.width, $0.height, $0.angle)
                        + (match.verified ? ", verified" : ", unverified")
                } ?? ""
                print("\(rank)  \(match.name.padding(toLength: max(nameWidth, match.name.count), withPad: " ", startingAt: 0))  \(String(format: "%.4f", match.score))\(place)")
            }
        }
    }

    /// The `--json` region of a re-ranked match: the query's footprint (top-left, size, angle in degrees
    /// counter-clockwise as displayed) in the repository image.
    struct JSONRegion: Encodable {
        let x: Double, y: Double, w: Double, h: Double, angle: Double
        init(_ region: MatchRegion) {
            x = region.x; y = region.y; w = region.width; h = region.height; angle = region.angle
        }
    }

    static func parseRegion(_ text: String) throws -> PixelRect {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3], w > 0, h > 0 else {
            throw ValidationError("--region must be X,Y,WIDTH,HEIGHT in whole pixels with positive width and height")
        }
        return PixelRect(x: x, y: y, width: w, height: h)
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: " ", count: max(0, length - count)) + self }
}
