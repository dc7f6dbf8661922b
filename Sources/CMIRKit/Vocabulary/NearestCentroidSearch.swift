/// Exact nearest centroid of every row, as matrix products: ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, with x.c for
/// a block of rows against a chunk of centroids in one matrix product. Blocks and chunks bound the memory to
/// `blockRows * chunkColumns` floats per worker whatever the number of rows and centroids.
struct NearestCentroidSearch: Sendable {
    let centroids: DescriptorMatrix
    let centroidNorms: [Float]
    /// Rows per block and centroids per chunk: a block's products with one chunk (512 KB of floats) stay in a
    /// core's cache while they are scanned, and OpenBLAS packs the centroids once per block, so blocks of many rows
    /// spend less on packing.
    let blockRows: Int
    let chunkColumns: Int

    init(centroids: DescriptorMatrix, blockRows: Int = 256, chunkColumns: Int = 512) {
        self.centroids = centroids
        self.centroidNorms = centroids.squaredRowNorms()
        self.blockRows = blockRows
        self.chunkColumns = chunkColumns
    }

    /// For every row of `points`: the index of its nearest centroid, the squared distance to it and the
    /// squared distance to the second nearest (infinity with one centroid), clamped at 0 against rounding.
    /// k-means bounds its next iterations with the second distance.
    func assign(_ points: DescriptorMatrix) -> (indices: [UInt32], distances: [Float], runnerUp: [Float]) {
        let n = points.rows
        var indices = [UInt32](repeating: 0, count: n)
        // The two smallest of ||c||^2 - 2 x.c so far, then the distances.
        var distances = [Float](repeating: .infinity, count: n)
        var runnerUp = [Float](repeating: .infinity, count: n)
        indices.withUnsafeMutableBufferPointer { indices in
            distances.withUnsafeMutableBufferPointer { best in
                runnerUp.withUnsafeMutableBufferPointer { second in
                    forEachChunkOfDistances(points) { rows, chunk, values in
                        for r in rows {
                            let row = values + (r - rows.lowerBound) * chunk.count
                            var bestIndex = Int(indices[r]), bestValue = best[r], secondValue = second[r]
                            for j in 0..<chunk.count {
                                let value = row[j]
                                if value < secondValue {
                                    if value < bestValue {
                                        secondValue = bestValue; bestValue = value; bestIndex = chunk.lowerBound + j
                                    } else {
                                        secondValue = value
                                    }
                                }
                            }
                            indices[r] = UInt32(bestIndex); best[r] = bestValue; second[r] = secondValue
                        }
                    }
                }
            }
        }
        let pointNorms = points.squaredRowNorms()
        for r in 0..<n {
            distances[r] = max(0, distances[r] + pointNorms[r])
            runnerUp[r] = max(0, runnerUp[r] + pointNorms[r])
        }
        return (indices, distances, runnerUp)
    }

    /// The `count` nearest centroids of every row, nearest first (all of them when there are fewer).
    func nearest(_ points: DescriptorMatrix, count: Int) -> [[UInt32]] {
        let k = min(count, centroids.rows)
        guard k > 0 else { return [[UInt32]](repeating: [], count: points.rows) }
        // Per row, its k best so far: insertion into a short sorted list, k being small next to the centroids.
        var best = [[(value: Float, index: Int)]](repeating: [], count: points.rows)
        best.withUnsafeMutableBufferPointer { best in
            forEachChunkOfDistances(points) { rows, chunk, values in
                for r in rows {
                    let row = values + (r - rows.lowerBound) * chunk.count
                    var list = best[r]
                    list.reserveCapacity(k + 1)
                    for j in 0..<chunk.count where list.count < k || row[j] < list[k - 1].value {
                        let value = row[j]
                        let position = list.firstIndex { value < $0.value } ?? list.count
                        list.insert((value, chunk.lowerBound + j), at: position)
                        if list.count > k { list.removeLast() }
                    }
                    best[r] = list
                }
            }
        }
        return best.map { $0.map { UInt32($0.index) } }
    }

    /// Calls `body` with a block of rows, a chunk of centroids and their distances (rows x chunk, row-major) less
    /// each row's own squared norm (which does not change the order): ||c||^2 - 2 x.c, from one matrix product.
    /// A block's chunks come in order; blocks run in parallel (each row in one block, so `body` may write its rows'
    /// slots). The blocks and chunks are the same whatever the cores, so the results are too.
    private func forEachChunkOfDistances(_ points: DescriptorMatrix,
                                         _ body: (Range<Int>, Range<Int>, UnsafePointer<Float>) -> Void) {
        precondition(points.columns == centroids.columns, "points and centroids differ in dimension")
        let n = points.rows, k = centroids.rows, d = points.columns
        guard n > 0, k > 0 else { return }
        let blocks = (n + blockRows - 1) / blockRows, width = min(chunkColumns, k)
        points.values.withUnsafeBufferPointer { x in
            centroids.values.withUnsafeBufferPointer { c in
                centroidNorms.withUnsafeBufferPointer { cn in
                    ParallelMap.forEachRange(blocks, pieces: ParallelMap.workers) { range in
                        let products = UnsafeMutablePointer<Float>.allocate(capacity: min(blockRows, n) * width)
                        defer { products.deallocate() }
                        for block in range {
                            let start = block * blockRows, rows = min(blockRows, n - start)
                            for first in stride(from: 0, to: k, by: width) {
                                let columns = min(width, k - first)
                                // Each row starts as the chunk's ||c||^2 and the product adds -2 x[start..] c[first..]^T
                                // (rows x d times d x columns): the same single rounding as ||c||^2 - 2 x.c.
                                for i in 0..<rows { (products + i * columns).update(from: cn.baseAddress! + first, count: columns) }
                                Float.gemm(transposeA: false, transposeB: true, m: rows, n: columns, k: d, alpha: -2,
                                           a: x.baseAddress! + start * d, lda: d, b: c.baseAddress! + first * d, ldb: d,
                                           beta: 1, c: products, ldc: columns)
                                body(start..<(start + rows), first..<(first + columns), products)
                            }
                        }
                    }
                }
            }
        }
    }
}
