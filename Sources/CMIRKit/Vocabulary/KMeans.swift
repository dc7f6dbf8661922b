import CBLAS

/// Lloyd's k-means with k-means++ seeding (Arthur & Vassilvitskii 2007), seeded and reproducible.
/// Distances are matrix products (see `NearestCentroidSearch`); large training sets are subsampled first,
/// because a vocabulary of a few thousand words is fully determined by a few tens of thousands of samples.
public struct KMeans: Sendable {
    public var clusterCount: Int
    public var seed: UInt64
    /// Lloyd iterations at most; training stops earlier when fewer than `convergedFraction` of the rows
    /// change cluster in an iteration (docs/decisions.md, "k-means").
    public var maximumIterations = 15
    public var convergedFraction = 0.001
    /// Rows used for training at most; more are subsampled uniformly (30 samples per word at 1000 words).
    public var maximumTrainingRows = 30_000
    /// Rows per cluster that k-means++ seeding looks at (a subsample keeps seeding O(k^2) instead of O(nk)).
    public var seedingRowsPerCluster = 16

    public init(clusterCount: Int, seed: UInt64) {
        precondition(clusterCount > 0, "k-means needs at least one cluster")
        self.clusterCount = clusterCount
        self.seed = seed
    }

    /// The centroids, one per row. Fewer than `clusterCount` rows when the data has fewer distinct rows.
    public func train(_ data: DescriptorMatrix, progress: (_ iteration: Int, _ maximum: Int) -> Void = { _, _ in })
        -> DescriptorMatrix {
        precondition(data.rows > 0, "k-means needs data")
        var random = SeededRandom(seed: seed)
        let training = data.rows > maximumTrainingRows
            ? data.rows(at: random.sample(maximumTrainingRows, from: data.rows)) : data
        let seedingRows = min(training.rows, max(clusterCount * seedingRowsPerCluster, 1))
        let seedingSet = seedingRows < training.rows
            ? training.rows(at: random.sample(seedingRows, from: training.rows)) : training
        var centroids = Self.plusPlusSeeds(seedingSet, count: min(clusterCount, seedingSet.rows), random: &random)

        // Hamerly's bounds (2010) keep Lloyd exact while skipping most rows after the first iterations:
        // upper[i] >= distance to the own centroid, lower[i] <= distance to any other; a row whose upper
        // bound stays below its lower bound cannot change cluster, so only the others are searched again.
        let first = NearestCentroidSearch(centroids: centroids).assign(training)
        var assignment = first.indices
        var upper = first.distances.map { $0.squareRoot() }
        var lower = first.runnerUp.map { $0.squareRoot() }
        for iteration in 1...maximumIterations {
            let moved = Self.means(of: training, assignment: assignment, distances: upper.map { $0 * $0 }, previous: centroids)
            let shifts = (0..<moved.rows).map { Self.distance(moved, $0, centroids, $0) }
            centroids = moved
            let (largest, largestIndex) = shifts.enumerated().reduce((Float(0), -1)) { $1.element > $0.0 ? ($1.element, $1.offset) : $0 }
            let secondLargest = shifts.enumerated().reduce(Float(0)) { $1.offset != largestIndex ? max($0, $1.element) : $0 }
            var candidates: [Int] = []
            for i in 0..<training.rows {
                let own = Int(assignment[i])
                upper[i] += shifts[own]
                lower[i] -= own == largestIndex ? secondLargest : largest
                if upper[i] > lower[i] { candidates.append(i) }
            }
            var changed = 0
            if !candidates.isEmpty {
                let searched = NearestCentroidSearch(centroids: centroids).assign(training.rows(at: candidates))
                for (k, i) in candidates.enumerated() {
                    if searched.indices[k] != assignment[i] { changed += 1 }
                    assignment[i] = searched.indices[k]
                    upper[i] = searched.distances[k].squareRoot()
                    lower[i] = searched.runnerUp[k].squareRoot()
                }
            }
            let converged = Double(changed) < convergedFraction * Double(training.rows)
            if converged || iteration == maximumIterations {
                // The returned centroids are the means of the final assignment.
                centroids = Self.means(of: training, assignment: assignment, distances: upper.map { $0 * $0 }, previous: centroids)
            }
            // Converging early finishes the work: report it complete.
            progress(converged ? maximumIterations : iteration, maximumIterations)
            if converged { break }
        }
        return centroids
    }

    /// Euclidean distance between row i of a and row j of b.
    private static func distance(_ a: DescriptorMatrix, _ i: Int, _ b: DescriptorMatrix, _ j: Int) -> Float {
        var s: Float = 0
        for c in 0..<a.columns { let t = a.values[i * a.columns + c] - b.values[j * b.columns + c]; s += t * t }
        return s.squareRoot()
    }

    /// k-means++: each next seed is a row drawn with probability proportional to its squared distance to
    /// the nearest seed so far. Stops early when every row coincides with a seed.
    static func plusPlusSeeds(_ data: DescriptorMatrix, count: Int, random: inout SeededRandom) -> DescriptorMatrix {
        let n = data.rows, d = data.columns
        let norms = data.squaredRowNorms()
        var chosen = [random.index(below: n)]
        var nearest = [Float](repeating: .infinity, count: n)
        var products = [Float](repeating: 0, count: n)
        data.values.withUnsafeBufferPointer { x in
            while true {
                let seed = chosen[chosen.count - 1]
                // products = X * x_seed (sgemv), then ||x - s||^2 = ||x||^2 - 2 x.s + ||s||^2
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, x.baseAddress!, Int32(d),
                            x.baseAddress! + seed * d, 1, 0, &products, 1)
                var total = 0.0
                for i in 0..<n {
                    let distance = max(0, norms[i] - 2 * products[i] + norms[seed])
                    if distance < nearest[i] { nearest[i] = distance }
                    total += Double(nearest[i])
                }
                if chosen.count == count || total <= 0 { break }
                var target = random.unit() * total
                var pick = n - 1
                for i in 0..<n {
                    target -= Double(nearest[i])
                    if target < 0 { pick = i; break }
                }
                // Rounding can land on a row with zero weight (an existing seed): take the farthest instead.
                if nearest[pick] <= 0 { pick = nearest.indices.max { nearest[$0] < nearest[$1] }! }
                chosen.append(pick)
            }
        }
        return data.rows(at: chosen)
    }

    /// The mean of every cluster. An empty cluster takes the row farthest from its own centroid (and that
    /// row is then not used for another empty cluster), the usual repair that keeps k clusters alive.
    static func means(of data: DescriptorMatrix, assignment: [UInt32], distances: [Float],
                      previous: DescriptorMatrix) -> DescriptorMatrix {
        let k = previous.rows, d = data.columns
        var sums = [Float](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        data.values.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<data.rows {
                    let c = Int(assignment[i])
                    counts[c] += 1
                    for j in 0..<d { s[c * d + j] += x[i * d + j] }
                }
            }
        }
        var farthestFirst: [Int]? = nil
        var nextFarthest = 0
        for c in 0..<k {
            if counts[c] > 0 {
                let scale = 1 / Float(counts[c])
                for j in 0..<d { sums[c * d + j] *= scale }
            } else {
                if farthestFirst == nil { farthestFirst = distances.indices.sorted { distances[$0] > distances[$1] } }
                let row = farthestFirst![min(nextFarthest, data.rows - 1)]
                nextFarthest += 1
                for j in 0..<d { sums[c * d + j] = data.values[row * d + j] }
            }
        }
        return DescriptorMatrix(rows: k, columns: d, values: sums)
    }
}
