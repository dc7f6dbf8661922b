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

    /// The footprint's turned corners, the first repeated at the end as GeoJSON rings require.
    static func corners(of region: MatchRegion) -> [[Double]] {
        let corners = region.corners
        return (corners + [corners[0]]).map { [$0.x, $0.y] }
    }
}
