import Foundation

/// First-stage evidence from where the votes put the query (a Hough transform over the shift, the rotation taken
/// from the orientations): each of a query feature's nearest stored features, turned by the two features'
/// orientations, says where the query's centre would lie in that feature's file. The votes' margins
/// (`NeighbourVoting`) are binned by that centre; a spot is a bin whose sum with its eight neighbours is larger
/// than any neighbour's, and that sum is its score. Chance neighbours scatter their centres while the true
/// place's pile up, so a spot both ranks a place and says where in it the query lies. Why: docs/decisions.md,
/// "Centre votes".
struct CentreVoting {
    /// Pairs of query feature and stored neighbour a query may make: a small query gets more neighbours per
    /// feature (at most `maximumNeighbours`, at least the votes' own), so that its few features still find
    /// their true partners among many slides.
    static let pairBudget = 8000
    static let maximumNeighbours = 100
    /// Stored descriptors compared per neighbour sought (at least the votes' own checks).
    static let checksPerNeighbour = 200
    /// Bin side as a share of the query's larger side, and its least value in pixels: the spread of true
    /// centres grows with the query, as an orientation error moves the centre by its distance from the feature.
    static let binShare = 0.04
    static let smallestBin = 6.0

    /// Side of a bin in indexed pixels.
    let bin: Double

    init(querySide: Double) {
        bin = max(Self.smallestBin, Self.binShare * querySide)
    }

    /// How many neighbours each of a query's `rows` features gets, and how many stored descriptors it may compare.
    static func search(rows: Int, voting: NeighbourVoting) -> (neighbours: Int, checks: Int) {
        let neighbours = max(voting.neighbours, min(maximumNeighbours, pairBudget / max(1, rows)))
        return (neighbours, max(voting.checks, neighbours * checksPerNeighbour))
    }

    struct Spot: Equatable {
        /// The file (`fileOf`'s numbering).
        let file: Int
        /// Where the query's centre lies, in the file's indexed pixels (the bin's centre).
        let x: Double
        let y: Double
        /// Summed margins of the bin and its eight neighbours.
        let score: Float
    }

    /// The spots of the query's neighbour matches, best first (ties by file, then row, then column), leaving out
    /// a spot closer than `apart` pixels to a better one of its file. `fileOf` gives the file of a place.
    func spots(_ matches: [NeighbourMatch], query: QueryFeatures, fileOf: (Int) -> Int, apart: Double) -> [Spot] {
        let footprint = query.footprint
        let centreX = Float(footprint.centreX), centreY = Float(footprint.centreY), side = Float(bin)
        // Keys: file, column, row.
        var bins: [SIMD3<Int32>: Float] = [:]
        for match in matches {
            let word = query.words[match.row]
            let turn = match.stored.z - word.angle
            let c = cos(turn), s = sin(turn)
            // The feature's offset to the query centre, turned counter-clockwise as displayed (y down).
            let dx = centreX - word.x, dy = centreY - word.y
            let x = match.stored.x + c * dx + s * dy, y = match.stored.y - s * dx + c * dy
            bins[SIMD3(Int32(fileOf(match.place)), Int32((x / side).rounded(.down)), Int32((y / side).rounded(.down))), default: 0]
                += match.margin
        }
        let around = (-1...1).flatMap { dy in (-1...1).map { dx in SIMD3<Int32>(0, Int32(dx), Int32(dy)) } }
        var summed: [SIMD3<Int32>: Float] = [:]
        summed.reserveCapacity(bins.count)
        for key in bins.keys { summed[key] = around.reduce(0) { $0 + (bins[key &+ $1] ?? 0) } }
        // A bin beats an equal neighbour when it comes first in row order.
        let peaks = summed.filter { key, score in
            around.allSatisfy { offset in
                guard offset != .zero, let other = summed[key &+ offset] else { return true }
                return other < score || (other == score && (offset.z, offset.y) > (0, 0))
            }
        }.sorted { a, b in a.value != b.value ? a.value > b.value : (a.key.x, a.key.z, a.key.y) < (b.key.x, b.key.z, b.key.y) }
        var kept: [Spot] = []
        var keptOfFile: [Int: [Int]] = [:]
        for (key, score) in peaks {
            let spot = Spot(file: Int(key.x), x: (Double(key.y) + 0.5) * bin, y: (Double(key.z) + 0.5) * bin, score: score)
            let close = keptOfFile[spot.file, default: []].contains { i in
                (kept[i].x - spot.x) * (kept[i].x - spot.x) + (kept[i].y - spot.y) * (kept[i].y - spot.y) < apart * apart
            }
            guard !close else { continue }
            keptOfFile[spot.file, default: []].append(kept.count)
            kept.append(spot)
        }
        return kept
    }
}
