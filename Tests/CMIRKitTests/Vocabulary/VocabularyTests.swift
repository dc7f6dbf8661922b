@testable import CMIRKit
import CMIRTestSupport
import Testing

@Suite struct VocabularyTests {
    /// `count` points around each of `centres`, with uniform noise of +-`noise` per coordinate.
    static func clusters(_ centres: [[Float]], count: Int, noise: Float, seed: UInt64) -> DescriptorMatrix {
        var random = SeededRandom(seed: seed)
        var values: [Float] = []
        for _ in 0..<count {
            for centre in centres {
                values += centre.map { $0 + Float(random.uniform(-Double(noise), Double(noise))) }
            }
        }
        return DescriptorMatrix(rows: count * centres.count, columns: centres[0].count, values: values)
    }

    static func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> DescriptorMatrix {
        var random = SeededRandom(seed: seed)
        return DescriptorMatrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(random.uniform(-1, 1)) })
    }

    static func squaredDistance(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    @Test func kMeansRecoversWellSeparatedClusters() {
        let centres: [[Float]] = (0..<6).map { c in (0..<8).map { j in j == c ? 10 : (j == 7 ? Float(c) : 0) } }
        let data = Self.clusters(centres, count: 150, noise: 0.5, seed: 3)
        let centroids = KMeans(clusterCount: 6, seed: 1).train(data)
        #expect(centroids.rows == 6)
        for centre in centres {
            let nearest = (0..<centroids.rows).map { Self.squaredDistance(centroids.row($0), centre) }.min()!
            #expect(nearest < 0.05, "a true centre has no centroid within 0.22: \(nearest)")
        }
    }

    /// Lloyd's fixed point: each centroid is the mean of the rows nearest to it. The bounds that let
    /// iterations skip rows must not change that, so it is checked by brute force in Double.
    @Test func kMeansEndsAtTheMeansOfAnExactAssignment() {
        // Uniform points: no natural clusters, so many rows change cluster before Lloyd settles.
        let dimension = 3
        let data = Self.randomMatrix(rows: 900, columns: dimension, seed: 21)
        for seed: UInt64 in 1...3 {
            var kmeans = KMeans(clusterCount: 12, seed: seed)
            kmeans.convergedFraction = 0
            kmeans.maximumIterations = 100
            let centroids = kmeans.train(data)
            var sums = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: centroids.rows)
            var counts = [Int](repeating: 0, count: centroids.rows)
            for i in 0..<data.rows {
                let row = data.row(i)
                let nearest = (0..<centroids.rows).min { Self.squaredDistance(row, centroids.row($0)) < Self.squaredDistance(row, centroids.row($1)) }!
                counts[nearest] += 1
                for j in 0..<dimension { sums[nearest][j] += Double(row[j]) }
            }
            for c in 0..<centroids.rows {
                #expect(counts[c] > 0)
                let mean = sums[c].map { $0 / Double(max(counts[c], 1)) }
                let gap = zip(mean, centroids.row(c)).map { abs($0 - Double($1)) }.max()!
                #expect(gap < 1e-4, "seed \(seed): centroid \(c) is \(gap) from the mean of its rows")
            }
        }
    }

    @Test func kMeansIsReproducibleForASeed() {
        let data = Self.randomMatrix(rows: 2000, columns: 16, seed: 9)
        var kmeans = KMeans(clusterCount: 20, seed: 5)
        kmeans.maximumTrainingRows = 800
        #expect(kmeans.train(data) == kmeans.train(data))
        kmeans.seed = 6
        #expect(kmeans.train(data) != KMeans(clusterCount: 20, seed: 5).train(data))
    }

    @Test func fewerDistinctPointsThanClustersGiveOneCentroidEach() {
        let points: [[Float]] = [[0, 0], [5, 0], [0, 5]]
        let data = DescriptorMatrix(rows: 30, columns: 2, values: (0..<10).flatMap { _ in points.flatMap { $0 } })
        let centroids = KMeans(clusterCount: 8, seed: 2).train(data)
        #expect(centroids.rows == 3)
        #expect(Set((0..<3).map { centroids.row($0) }) == Set(points))
    }

    @Test func anEmptyClusterTakesTheFarthestPoint() {
        let data = DescriptorMatrix(rows: 4, columns: 1, values: [0, 1, 2, 9])
        let previous = DescriptorMatrix(rows: 2, columns: 1, values: [1, 100])
        let assignment: [UInt32] = [0, 0, 0, 0]
        let distances: [Float] = [1, 0, 1, 64]
        let means = KMeans.means(of: data, assignment: assignment, distances: distances, previous: previous)
        #expect(means.values == [3, 9])
    }

    @Test func quantizerEqualsBruteForce() {
        let centroids = Self.randomMatrix(rows: 57, columns: 24, seed: 1)
        let points = Self.randomMatrix(rows: 301, columns: 24, seed: 2)
        let bruteForce = (0..<points.rows).map { i in
            (0..<centroids.rows).min { Self.squaredDistance(points.row(i), centroids.row($0)) < Self.squaredDistance(points.row(i), centroids.row($1)) }!
        }
        // Small blocks and chunks exercise both loops, including a partial last block and chunk.
        let (indices, distances, runnerUp) = NearestCentroidSearch(centroids: centroids, blockRows: 16, chunkColumns: 10).assign(points)
        #expect(indices.map(Int.init) == bruteForce)
        for i in 0..<points.rows {
            let sorted = (0..<centroids.rows).map { Self.squaredDistance(points.row(i), centroids.row($0)) }.sorted()
            #expect(abs(distances[i] - sorted[0]) < 1e-3)
            #expect(abs(runnerUp[i] - sorted[1]) < 1e-3)
        }
        #expect(Vocabulary(centroids: centroids).quantize(points).map(Int.init) == bruteForce)
    }

    @Test func nearestWordsAreTheClosestCentroidsInOrder() {
        let centroids = Self.randomMatrix(rows: 40, columns: 16, seed: 3)
        let points = Self.randomMatrix(rows: 70, columns: 16, seed: 4)
        let vocabulary = Vocabulary(centroids: centroids)
        let nearest = vocabulary.nearestWords(points, count: 5)
        #expect(nearest.map { Int($0[0]) } == vocabulary.quantize(points).map(Int.init))
        for i in 0..<points.rows {
            let bruteForce = (0..<centroids.rows).sorted {
                Self.squaredDistance(points.row(i), centroids.row($0)) < Self.squaredDistance(points.row(i), centroids.row($1))
            }
            #expect(nearest[i].map(Int.init) == Array(bruteForce.prefix(5)))
        }
        #expect(vocabulary.nearestWords(points, count: 100).allSatisfy { $0.count == 40 })
        // The k best carried across chunks of centroids and blocks of rows.
        #expect(NearestCentroidSearch(centroids: centroids, blockRows: 16, chunkColumns: 3).nearest(points, count: 5) == nearest)
    }

    @Test func seededDrawsStayInRangeAndSampleDistinctIndices() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<1000 {
            let u = random.uniform(-30, 30)
            #expect(u >= -30 && u <= 30)
            #expect((0..<7).contains(random.index(below: 7)))
        }
        let sample = random.sample(50, from: 60)
        #expect(sample.count == 50 && Set(sample).count == 50 && sample.allSatisfy { (0..<60).contains($0) })
        #expect(sample == sample.sorted())
    }
}
