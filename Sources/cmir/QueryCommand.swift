import ArgumentParser
import CMIRKit
import CMIRTerminal
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

    @Option(parsing: .unconditional, help: "Search only this region of the query image: X,Y,WIDTH,HEIGHT in pixels.")
    var region: String?

    @Option(parsing: .unconditional, help: "Number of results.")
    var top: Int = 10

    @OptionGroup var search: SearchOptions

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(help: "Also write the placed results as a GeoJSON FeatureCollection (level-0 pixels, as QuPath imports) to this file.")
    var geojson: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let region { _ = try Self.parseRegion(region) }
    }

    func run() throws {
        let engine = try search.open(index)
        search.notePixelSizes(engine)
        let matches = try engine.search(SearchRequest(path: image, region: try region.map(Self.parseRegion), top: top,
                                                      rerank: search.rerank, scoring: search.scoring,
                                                      micronsPerPixel: search.queryPixelSize)).matches
        if let geojson {
            do { try MatchGeoJSON.collection(matches, queryName: image).write(to: URL(fileURLWithPath: geojson)) } catch {
                throw CMIRError.failure("\(geojson): cannot be written")
            }
        }
        if json {
            TerminalOutput.say(OrderedJSON.array(try matches.map { try Self.json(of: $0, in: engine) }))
        } else {
            let nameWidth = min(60, matches.map { Canvas.width(of: Canvas.printable($0.name)) }.max() ?? 4)
            for match in matches {
                let rank = String(match.rank).leftPadded(to: 3)
                let place = match.region.map {
                    String(format: "  at (%.0f, %.0f) %.0f x %.0f px, %.1f deg", $0.x + $0.width / 2, $0.y + $0.height / 2, $0.width, $0.height, $0.angle)
                        + (match.verified ? ", verified" : ", unverified")
                } ?? ""
                TerminalOutput.say("\(rank)  \(TerminalOutput.padded(match.name, toWidth: nameWidth))  \(String(format: "%.4f", match.score))\(place)")
            }
        }
    }

    /// One result in `--json`: rank, name, path, score; with re-ranking the region and whether it was verified;
    /// on a slide also the place that was scored and, when the pixel size is known, the region in microns.
    static func json(of match: Match, in engine: Engine) throws -> String {
        let micronsPerPixel = engine.images.first { $0.id == match.imageID }?.slide?.micronsPerPixel
        switch (match.region, match.place) {
        case (nil, nil):
            return try OrderedJSON.object(["rank": match.rank, "name": match.name, "path": match.path, "score": match.score])
        case (let region?, nil):
            return try OrderedJSON.object(["rank": match.rank, "name": match.name, "path": match.path, "score": match.score,
                                           "region": JSONRegion(region), "verified": match.verified])
        case (let region, let place?):
            return try OrderedJSON.object(["rank": match.rank, "name": match.name, "path": match.path, "score": match.score,
                                           "slide": FileStem.of(match.name), "place": JSONPlace(place),
                                           "region": region.map { JSONRegion($0) }, "verified": match.verified,
                                           "microns": region.flatMap { region in micronsPerPixel.map { JSONRegion(region, scale: $0) } }])
        }
    }

    /// The `--json` region of a re-ranked match: the query's footprint (top-left, size, centre, angle in degrees
    /// counter-clockwise as displayed) in the repository image, in pixels (level-0 of a slide) or in microns.
    struct JSONRegion: Encodable {
        let x: Double, y: Double, w: Double, h: Double, cx: Double, cy: Double, angle: Double
        init(_ region: MatchRegion, scale: Double = 1) {
            x = region.x * scale; y = region.y * scale; w = region.width * scale; h = region.height * scale
            cx = x + w / 2; cy = y + h / 2; angle = region.angle
        }
    }

    /// The `--json` place of a slide match, in level-0 pixels: the window around its spot (centre votes) or of cells.
    struct JSONPlace: Encodable {
        let x: Int, y: Int, w: Int, h: Int
        init(_ rect: PixelRect) { x = rect.x; y = rect.y; w = rect.width; h = rect.height }
    }

    static func parseRegion(_ text: String) throws -> PixelRect {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3], w > 0, h > 0 else {
            throw ValidationError("--region must be X,Y,WIDTH,HEIGHT in whole pixels with positive width and height")
        }
        guard x >= 0, y >= 0 else { throw ValidationError("--region must start inside the image: X and Y 0 or more, not \(x),\(y)") }
        return PixelRect(x: x, y: y, width: w, height: h)
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: " ", count: max(0, length - count)) + self }
}
