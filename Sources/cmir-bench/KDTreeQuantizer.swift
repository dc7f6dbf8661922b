import CMIRKit

/// The contender to the engine's sgemm quantizer: a kd-tree over the vocabulary centroids (split on the
/// dimension of largest spread at its median, leaves of `leafSize` centroids), searched exactly with
/// branch-and-bound, or approximately with best-bin-first limited to `maximumLeaves` leaf visits (as FLANN).
/// Lives in the benchmark because it lost the measurement (bench/RESULTS.md); the engine keeps the winner.
struct KDTreeQuantizer {
    private struct Node {
        var dimension: Int32 = -1   // -1 for a leaf
        var split: Float = 0
        var left: Int32 = -1, right: Int32 = -1
        var start: Int32 = 0, end: Int32 = 0   // leaf: range of `order`
    }

    private let centroids: [Float]
    private let dimension: Int
    private var order: [Int32]
    private var nodes: [Node] = []
    let leafSize: Int

    init(centroids: DescriptorMatrix, leafSize: Int = 8) {
        self.centroids = centroids.values
        self.dimension = centroids.columns
        self.leafSize = leafSize
        self.order = (0..<centroids.rows).map(Int32.init)
        _ = build(0, centroids.rows)
    }

    private mutating func build(_ start: Int, _ end: Int) -> Int32 {
        let id = Int32(nodes.count)
        nodes.append(Node())
        if end - start <= leafSize {
            nodes[Int(id)].start = Int32(start); nodes[Int(id)].end = Int32(end)
            return id
        }
        var bestDimension = 0
        var bestSpread: Float = -1
        for d in 0..<dimension {
            var lo = Float.infinity, hi = -Float.infinity
            for i in start..<end { let v = centroids[Int(order[i]) * dimension + d]; lo = min(lo, v); hi = max(hi, v) }
            if hi - lo > bestSpread { bestSpread = hi - lo; bestDimension = d }
        }
        order[start..<end].sort { centroids[Int($0) * dimension + bestDimension] < centroids[Int($1) * dimension + bestDimension] }
        let middle = (start + end) / 2
        nodes[Int(id)].dimension = Int32(bestDimension)
        nodes[Int(id)].split = centroids[Int(order[middle]) * dimension + bestDimension]
        let left = build(start, middle)
        let right = build(middle, end)
        nodes[Int(id)].left = left
        nodes[Int(id)].right = right
        return id
    }

    /// Nearest centroid of every row; `maximumLeaves` nil searches exactly.
    func quantize(_ points: DescriptorMatrix, maximumLeaves: Int? = nil) -> [UInt32] {
        (0..<points.rows).map { i in
            points.values.withUnsafeBufferPointer { p in
                nearest(p.baseAddress! + i * dimension, maximumLeaves: maximumLeaves ?? Int.max)
            }
        }
    }

    private func distance(_ query: UnsafePointer<Float>, _ centroid: Int) -> Float {
        var s: Float = 0
        centroids.withUnsafeBufferPointer { c in
            let base = centroid * dimension
            for d in 0..<dimension { let t = query[d] - c[base + d]; s += t * t }
        }
        return s
    }

    private func nearest(_ query: UnsafePointer<Float>, maximumLeaves: Int) -> UInt32 {
        var best = Float.infinity
        var bestIndex: Int32 = 0
        var leaves = 0
        // Best-bin-first: a min-heap of (lower bound on distance, node).
        var heap: [(bound: Float, node: Int32)] = [(0, 0)]
        while let top = popMin(&heap) {
            if top.bound >= best || leaves >= maximumLeaves { break }
            var node = top.node
            while nodes[Int(node)].dimension >= 0 {
                let n = nodes[Int(node)]
                let difference = query[Int(n.dimension)] - n.split
                let (near, far) = difference < 0 ? (n.left, n.right) : (n.right, n.left)
                let farBound = max(top.bound, difference * difference)
                if farBound < best { push(&heap, (farBound, far)) }
                node = near
            }
            let leaf = nodes[Int(node)]
            leaves += 1
            for k in Int(leaf.start)..<Int(leaf.end) {
                let d = distance(query, Int(order[k]))
                if d < best { best = d; bestIndex = order[k] }
            }
        }
        return UInt32(bestIndex)
    }

    private func push(_ heap: inout [(bound: Float, node: Int32)], _ item: (bound: Float, node: Int32)) {
        heap.append(item)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if heap[parent].bound <= heap[i].bound { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private func popMin(_ heap: inout [(bound: Float, node: Int32)]) -> (bound: Float, node: Int32)? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heap.count && heap[l].bound < heap[smallest].bound { smallest = l }
                if r < heap.count && heap[r].bound < heap[smallest].bound { smallest = r }
                if smallest == i { break }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
