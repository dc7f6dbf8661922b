import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct GeometricVerifierTests {
    @Test func transformAngleFollowsTheDisplayConvention() {
        // Counter-clockwise as displayed (y down), as AffineTransform.rotation: a point right of the origin moves up.
        let turn = SimilarityTransform(scale: 1, angle: .pi / 2, tx: 0, ty: 0)
        let moved = turn.apply(10, 0)
        #expect(abs(moved.x) < 1e-9 && abs(moved.y + 10) < 1e-9)
        let opencv = AffineTransform.rotation(degrees: 90, center: (0, 0)).apply(10, 0)
        #expect(abs(opencv.x - moved.x) < 1e-9 && abs(opencv.y - moved.y) < 1e-9)
        #expect(abs(turn.angle - .pi / 2) < 1e-12)
    }

    @Test func twoPointsAndLeastSquaresRecoverATransform() throws {
        let truth = SimilarityTransform(scale: 1.2, angle: 0.4, tx: 30, ty: -12)
        let points = [(0.0, 0.0), (50.0, 10.0), (-20.0, 40.0), (33.0, -7.0)]
        let pairs = points.map { (p: $0, q: truth.apply($0.0, $0.1)) }
        let two = try #require(SimilarityTransform.through(pairs[0].p, pairs[0].q, pairs[1].p, pairs[1].q))
        let fit = try #require(SimilarityTransform.fitted(pairs))
        for estimate in [two, fit] {
            #expect(abs(estimate.scale - 1.2) < 1e-9 && abs(estimate.angle - 0.4) < 1e-9)
            #expect(abs(estimate.bx - 30) < 1e-9 && abs(estimate.by + 12) < 1e-9)
        }
        #expect(SimilarityTransform.through((1, 1), (2, 2), (1, 1), (3, 3)) == nil)
    }

    @Test func findsTheTransformAmongOutliers() throws {
        var random = SeededGenerator(seed: 7)
        let truth = SimilarityTransform(scale: 1.0, angle: -0.35, tx: 210, ty: 140)
        var matches: [Correspondence] = []
        for i in 0..<40 {   // 40 true correspondences with 1.5 px noise
            let x = Double.random(in: 0..<160, using: &random), y = Double.random(in: 0..<160, using: &random)
            let t = truth.apply(x, y)
            matches.append(Correspondence(queryIndex: i, targetIndex: i, query: (x, y),
                                          target: (t.x + Double.random(in: -1.5...1.5, using: &random),
                                                   t.y + Double.random(in: -1.5...1.5, using: &random)), weight: 1))
        }
        for i in 40..<200 {  // 160 random ones
            matches.append(Correspondence(queryIndex: i, targetIndex: i,
                                          query: (Double.random(in: 0..<160, using: &random), Double.random(in: 0..<160, using: &random)),
                                          target: (Double.random(in: 0..<512, using: &random), Double.random(in: 0..<512, using: &random)),
                                          weight: 1))
        }
        let found = try #require(GeometricVerifier(tolerance: 6).verify(matches))
        #expect(abs(found.transform.angle - -0.35) < 5 * .pi / 180)
        #expect(abs(found.transform.scale - 1) < 0.05)
        #expect(found.inliers.filter { $0 < 40 }.count >= 36)
        #expect(found.inliers.filter { $0 >= 40 }.count <= 4)
    }

    @Test func orientationsThatDisagreeWithTheRotationAreNotInliers() throws {
        // Five pairs fit a quarter turn in place and in orientation; three more fit in place only.
        let truth = SimilarityTransform(scale: 1, angle: .pi / 2, tx: 300, ty: 50)
        let matches = (0..<8).map { i -> Correspondence in
            let query = (x: Double(i * 13 % 90), y: Double(i * 29 % 70))
            return Correspondence(queryIndex: i, targetIndex: i, query: query, target: truth.apply(query.x, query.y),
                                  weight: 1, rotation: i < 5 ? .pi / 2 : .pi / 2 + 0.6)
        }
        let found = try #require(GeometricVerifier(tolerance: 2, angleTolerance: 0.3).verify(matches))
        #expect(found.inliers == [0, 1, 2, 3, 4])
        #expect(try #require(GeometricVerifier(tolerance: 2).verify(matches)).inliers.count == 8)
    }

    @Test func eachFeatureCountsOnce() throws {
        // The same query point matched to one target point three times supports nothing extra.
        var matches = (0..<5).map { i in
            Correspondence(queryIndex: i, targetIndex: i, query: (Double(i * 10), 0), target: (Double(i * 10) + 5, 3), weight: 1)
        }
        for _ in 0..<3 { matches.append(matches[0]) }
        let found = try #require(GeometricVerifier(tolerance: 2).verify(matches))
        #expect(found.inliers.count == 5)
        #expect(found.score == 5)
    }

    @Test func tooFewAgreeingMatchesGiveNothing() {
        let matches = [Correspondence(queryIndex: 0, targetIndex: 0, query: (0, 0), target: (100, 100), weight: 1),
                       Correspondence(queryIndex: 1, targetIndex: 1, query: (10, 0), target: (300, 7), weight: 1),
                       Correspondence(queryIndex: 2, targetIndex: 2, query: (0, 10), target: (17, 400), weight: 1)]
        #expect(GeometricVerifier(tolerance: 3).verify(matches) == nil)
    }
}
