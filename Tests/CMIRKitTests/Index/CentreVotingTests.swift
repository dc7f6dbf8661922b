@testable import CMIRKit
import Testing

@Suite struct CentreVotingTests {
    /// A 200 x 200 px query with a feature at each of `points`, oriented by `angles`.
    static func query(_ points: [(x: Float, y: Float)], angles: [Float]) -> QueryFeatures {
        QueryFeatures(words: zip(points, angles).map { VisualWord(word: 0, x: $0.x, y: $0.y, scale: 2, angle: $1) },
                      descriptors: DescriptorMatrix(rows: points.count, columns: 1, values: points.map { _ in 0 }),
                      nearestWords: points.map { _ in [0] }, region: nil, imageWidth: 200, imageHeight: 200)
    }

    /// Matches that put every query feature where the query, turned by `angle` (counter-clockwise as displayed)
    /// about its centre, lies with its centre at `centre` of place `place`.
    static func placed(_ query: QueryFeatures, angle: Double, centre: (x: Double, y: Double), place: Int) -> [NeighbourMatch] {
        let footprint = query.footprint
        let turn = SimilarityTransform(scale: 1, angle: angle, tx: 0, ty: 0)
        let moved = turn.apply(footprint.centreX, footprint.centreY)
        let transform = SimilarityTransform(scale: 1, angle: angle, tx: centre.x - moved.x, ty: centre.y - moved.y)
        return query.words.indices.map { row in
            let word = query.words[row]
            let at = transform.apply(Double(word.x), Double(word.y))
            return NeighbourMatch(row: row, place: place, stored: SIMD3(Float(at.x), Float(at.y), word.angle + Float(angle)), margin: 1)
        }
    }

    @Test func neighboursThatAgreeOnWhereTheTurnedQueryLiesMakeTheBestSpot() {
        var random = SeededRandom(seed: 7)
        let points = (0..<6).map { _ in (x: Float(random.uniform(0, 200)), y: Float(random.uniform(0, 200))) }
        let query = Self.query(points, angles: points.map { _ in Float(random.uniform(-3, 3)) })
        // Six agreeing neighbours in file 1, and for each feature three chance ones anywhere in either file.
        let chance = (0..<18).map { i in
            NeighbourMatch(row: i % 6, place: i % 2, stored: SIMD3(Float(random.uniform(0, 2000)), Float(random.uniform(0, 2000)),
                                                                  Float(random.uniform(-3, 3))), margin: 1.5)
        }
        let matches = chance + Self.placed(query, angle: 0.6, centre: (1234, 567), place: 1)
        let voting = CentreVoting(querySide: 200)
        let spots = voting.spots(matches, query: query, fileOf: { $0 }, apart: 100)
        let best = try! #require(spots.first)
        #expect(best.file == 1 && abs(best.x - 1234) <= voting.bin && abs(best.y - 567) <= voting.bin, "\(best)")
        #expect(best.score >= 6 && spots.dropFirst().allSatisfy { $0.score < best.score }, "\(spots.prefix(3))")
    }

    @Test func aSpotCloseToABetterOneOfItsFileIsLeftOut() {
        let query = Self.query([(50, 50), (150, 60), (100, 150)], angles: [0, 0, 0])
        let strong = Self.placed(query, angle: 0, centre: (500, 500), place: 0) + Self.placed(query, angle: 0, centre: (500, 500), place: 0)
        let near = Self.placed(query, angle: 0, centre: (560, 500), place: 0)
        let elsewhere = Self.placed(query, angle: 0, centre: (560, 500), place: 1)
        let spots = CentreVoting(querySide: 200).spots(strong + near + elsewhere, query: query, fileOf: { $0 }, apart: 100)
        #expect(spots.count == 2 && spots[0].file == 0 && spots[1].file == 1, "\(spots)")
        let apartEnough = CentreVoting(querySide: 200).spots(strong + near, query: query, fileOf: { $0 }, apart: 50)
        #expect(apartEnough.count == 2 && apartEnough.allSatisfy { $0.file == 0 }, "\(apartEnough)")
    }

    @Test func smallQueriesGetMoreNeighboursPerFeature() throws {
        let voting = try NeighbourVoting(places: [], coder: NeighbourVotingTests.coder(words: 1))
        let small = CentreVoting.search(rows: 40, voting: voting), large = CentreVoting.search(rows: 4000, voting: voting)
        #expect(small.neighbours == CentreVoting.maximumNeighbours && large.neighbours == voting.neighbours)
        #expect(small.checks > large.checks && large.checks == voting.checks)
    }
}
