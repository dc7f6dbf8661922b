import CMIRKit
import Foundation

/// `e`: the results as the GeoJSON of `cmir query --geojson`, written as `<query stem>.geojson` beside the
/// index, or in the current directory when that folder cannot be written.
enum ResultsExport {
    static func write(_ results: ResultsState, besideIndex indexPath: String?) throws -> (path: String, places: Int) {
        let data = try MatchGeoJSON.collection(results.outcome.matches, queryName: results.request.queryPath)
        let name = results.queryStem + ".geojson"
        var folders = [FileManager.default.currentDirectoryPath]
        if let indexPath { folders.insert((indexPath as NSString).deletingLastPathComponent, at: 0) }
        for folder in folders {
            let path = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(name)
            if (try? data.write(to: URL(fileURLWithPath: path), options: .atomic)) != nil {
                return (path, results.outcome.matches.filter { $0.region != nil }.count)
            }
        }
        throw CMIRError.failure("cannot write \(name) beside the index or in the current directory")
    }
}
