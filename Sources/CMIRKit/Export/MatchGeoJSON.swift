import Foundation

/// Results as a GeoJSON FeatureCollection in the form QuPath imports (File > Import objects): one annotation per
/// placed match, its polygon the query's footprint (a rotated rectangle) in level-0 pixels with the origin at the
/// slide's top-left corner, named by rank and query, with rank and score as measurements and the query, slide
/// and verification in the properties.
public enum MatchGeoJSON {
    /// The collection's JSON; matches without a region (not placed by re-ranking) are left out.
    public static func collection(_ matches: [Match], queryName: String) throws -> Data {
        let features: [[String: Any]] = matches.compactMap { match in
            guard let region = match.region else { return nil }
            return [
                "type": "Feature",
                "id": UUID().uuidString.lowercased(),
                "geometry": ["type": "Polygon", "coordinates": [corners(of: region)]],
                "properties": [
                    "objectType": "annotation",
                    "name": "#\(match.rank) \(FileStem.of(queryName))",
                    "classification": ["name": match.verified ? "cmir verified match" : "cmir unverified match",
                                       "color": match.verified ? [60, 200, 80] : [230, 180, 40]],
                    "measurements": ["rank": match.rank, "score": match.score],
                    "query": queryName, "slide": match.name, "rank": match.rank, "score": match.score, "verified": match.verified,
                ] as [String: Any],
            ]
        }
        return try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features],
                                          options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The rectangle's corners turned by its angle (counter-clockwise as displayed, y down) about its centre, the
    /// first repeated at the end as GeoJSON rings require.
    static func corners(of region: MatchRegion) -> [[Double]] {
        let cx = region.x + region.width / 2, cy = region.y + region.height / 2
        let radians = region.angle * .pi / 180
        let c = cos(radians), s = sin(radians)
        let offsets = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)]
        return offsets.map { ox, oy in
            let dx = ox * region.width / 2, dy = oy * region.height / 2
            return [cx + c * dx + s * dy, cy - s * dx + c * dy]
        }
    }
}
