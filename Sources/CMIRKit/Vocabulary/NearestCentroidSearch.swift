/// Exact nearest centroid of every row, as matrix products: ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, with
/// x.c for a block of rows against all centroids in one matrix product. Blocks bound the memory to
/// `blockRows * centroidCount` floats whatever the number of rows.
struct NearestCentroidSearch: Sendable {
    let centroids: DescriptorMatrix
    let centroidNorms: [Float]
    /// Rows per sgemm block.
    let blockRows: Int

    init(centroids: DescriptorMatrix, blockRows: Int = 64) {
        self.centroids = centroids
        self.centroidNorms = centroids.squaredRowNorms()
        self.blockRows = blockRows
    }

    /// For every row of `points`: the index of its nearest centroid, the squared distance to it and the
    /// squared distance to the second nearest (infinity with one centroid), clamped at 0 against rounding.
    /// k-means bounds its next iterations with the second distance.
    func assign(_ points: DescriptorMatrix) -> (indices: [UInt32], distances: [Float], runnerUp: [Float]) {
        let n = points.rows
        var indices = [UInt32](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n)
        var runnerUp = [Float](repeating: .infinity, count: n)
        let pointNorms = points.squaredRowNorms()
        indices.withUnsafeMutableBufferPointer { indices in
            distances.withUnsafeMutableBufferPointer { distances in
                runnerUp.withUnsafeMutableBufferPointer { runnerUp in
                    forEachRowOfDistances(points) { r, row in
                        var best = 0
                        var bestValue = Float.infinity, secondValue = Float.infinity
                        for j in 0..<row.count {
                            let value = row[j]
                            if value < secondValue {
                                if value < bestValue {
                                    secondValue = bestValue; bestValue = value; best = j
                                } else {
                                    secondValue = value
                                }
                            }
                        }
                        indices[r] = UInt32(best)
                        distances[r] = max(0, bestValue + pointNorms[r])
                        runnerUp[r] = max(0, secondValue + pointNorms[r])
                    }
                }
            }
        }
        return (indices, distances, runnerUp)
    }

    /// The `count` nearest centroids of every row, nearest first (all of them when there are fewer).
    func nearest(_ points: DescriptorMatrix, count: Int) -> [[UInt32]] {
        var result = [[UInt32]](repeating: [], count: points.rows)
        let k = min(count, centroids.rows)
        guard k > 0 else { return result }
        result.withUnsafeMutableBufferPointer { result in
            forEachRowOfDistances(points) { r, row in
                // Insertion into a short sorted list: k is small next to the number of centroids.
                var best: [(value: Float, index: Int)] = []
                best.reserveCapacity(k + 1)
                for j in 0..<row.count where best.count < k || row[j] < best[k - 1].value {
                    let value = row[j]
                    let position = best.firstIndex { value < $0.value } ?? best.count
                    best.insert((value, j), at: position)
                    if best.count > k { best.removeLast() }
                }
                result[r] = best.map { UInt32($0.index) }
            }
        }
        return result
    }

    /// Calls `body` with each row's distances to every centroid, less the row's own squared norm (which
    /// does not change the order): ||c||^2 - 2 x.c, from x.c for a block of rows against all centroids in
    /// one matrix product. Blocks run in parallel (each row once, so `body` may write its row's slot); the
    /// blocks are the same whatever the cores, so the results are too.
    private func forEachRowOfDistances(_ points: DescriptorMatrix, _ body: (Int, UnsafeBufferPointer<Float>) -> Void) {
        precondition(points.columns == centroids.columns, "points and centroids differ in dimension")
        let n = points.rows, k = centroids.rows, d = points.columns
        guard n > 0, k > 0 else { return }
        let blocks = (n + blockRows - 1) / blockRows
        points.values.withUnsafeBufferPointer { x in
            centroids.values.withUnsafeBufferPointer { c in
                centroidNorms.withUnsafeBufferPointer { cn in
                    ParallelMap.forEachRange(blocks, pieces: ParallelMap.workers) { range in
                        let products = UnsafeMutablePointer<Float>.allocate(capacity: min(blockRows, n) * k)
                        defer { products.deallocate() }
                        for block in range {
                            let start = block * blockRows, rows = min(blockRows, n - start)
                            // products (rows x k) = x[start..] (rows x d) * c^T (d x k)
                            Float.gemm(transposeA: false, transposeB: true, m: rows, n: k, k: d, alpha: 1,
                                       a: x.baseAddress! + start * d, lda: d, b: c.baseAddress!, ldb: d, beta: 0, c: products, ldc: k)
                            for r in 0..<rows {
                                let row = products + r * k
                                for j in 0..<k { row[j] = cn[j] - 2 * row[j] }
                                body(start + r, UnsafeBufferPointer(start: row, count: k))
                            }
                        }
                    }
                }
            }
        }
    }
}
