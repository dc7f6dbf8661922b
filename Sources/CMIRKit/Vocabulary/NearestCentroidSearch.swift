import CBLAS

/// Exact nearest centroid of every row, as matrix products: ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, with
/// x.c for a block of rows against all centroids in one cblas_sgemm. Blocks bound the memory to
/// `blockRows * centroidCount` floats whatever the number of rows.
struct NearestCentroidSearch {
    let centroids: DescriptorMatrix
    let centroidNorms: [Float]
    /// Rows per sgemm block.
    let blockRows: Int

    init(centroids: DescriptorMatrix, blockRows: Int = 1024) {
        self.centroids = centroids
        self.centroidNorms = centroids.squaredRowNorms()
        self.blockRows = blockRows
    }

    /// For every row of `points`: the index of its nearest centroid, the squared distance to it and the
    /// squared distance to the second nearest (infinity with one centroid), clamped at 0 against rounding.
    /// k-means bounds its next iterations with the second distance.
    func assign(_ points: DescriptorMatrix) -> (indices: [UInt32], distances: [Float], runnerUp: [Float]) {
        precondition(points.columns == centroids.columns, "points and centroids differ in dimension")
        let n = points.rows, k = centroids.rows, d = points.columns
        var indices = [UInt32](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n)
        var runnerUp = [Float](repeating: .infinity, count: n)
        guard n > 0, k > 0 else { return (indices, distances, runnerUp) }
        let pointNorms = points.squaredRowNorms()
        var products = [Float](repeating: 0, count: min(blockRows, n) * k)
        points.values.withUnsafeBufferPointer { x in
            centroids.values.withUnsafeBufferPointer { c in
                centroidNorms.withUnsafeBufferPointer { cn in
                    products.withUnsafeMutableBufferPointer { p in
                        var start = 0
                        while start < n {
                            let rows = min(blockRows, n - start)
                            // p (rows x k) = x[start..] (rows x d) * c^T (d x k)
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(d),
                                        1, x.baseAddress! + start * d, Int32(d), c.baseAddress!, Int32(d),
                                        0, p.baseAddress!, Int32(k))
                            for r in 0..<rows {
                                var best = 0
                                var bestValue = Float.infinity, secondValue = Float.infinity
                                let row = p.baseAddress! + r * k
                                for j in 0..<k {
                                    let value = cn[j] - 2 * row[j]
                                    if value < secondValue {
                                        if value < bestValue {
                                            secondValue = bestValue; bestValue = value; best = j
                                        } else {
                                            secondValue = value
                                        }
                                    }
                                }
                                indices[start + r] = UInt32(best)
                                distances[start + r] = max(0, bestValue + pointNorms[start + r])
                                runnerUp[start + r] = max(0, secondValue + pointNorms[start + r])
                            }
                            start += rows
                        }
                    }
                }
            }
        }
        return (indices, distances, runnerUp)
    }
}
