import Foundation

/// Plans a repository of virtual tissue-microarray slides from a seed: which cores go on which slide, each
/// slide's grid (shape, gap between cores) and every core's jitter and rotation.
///
/// Every source core is placed exactly once in the whole repository, on one slide (dealt round-robin after a
/// seeded shuffle), so a query's right slide is unambiguous. The rest of each grid is filled with decoys:
/// mirrored or transposed copies of non-query cores (never of query cores), each at its own angle. With
/// `megapixels` above zero the grids grow until the slides together hold about that many level-0 pixels.
public struct VirtualSlidePlanner: Sendable {
    /// A source core: its file stem and size in pixels.
    public struct Core: Sendable, Equatable {
        public let name: String
        public let width: Int
        public let height: Int
        public init(name: String, width: Int, height: Int) { self.name = name; self.width = width; self.height = height }
    }

    public var slides: Int
    /// Target level-0 pixels of all slides together, in millions; 0 makes each grid just large enough.
    public var megapixels: Double
    public var seed: UInt64
    /// Largest rotation of a core, either way, in degrees.
    public var maxAngle: Double

    public init(slides: Int = 1, megapixels: Double = 0, seed: UInt64, maxAngle: Double = 30) {
        self.slides = slides; self.megapixels = megapixels; self.seed = seed; self.maxAngle = maxAngle
    }

    /// The slides' stems: tma-1 ... tma-N, zero-padded to the same width.
    public func slideNames() -> [String] {
        let digits = String(slides).count
        return (1...max(slides, 1)).map { "tma-" + String(repeating: "0", count: digits - String($0).count) + String($0) }
    }

    /// The layout of every slide. `queries` names the cores queries come from; they are never copied as decoys.
    public func plan(cores: [Core], queries: Set<String>) -> [VirtualSlideLayout] {
        var random = SeededRandom(seed: seed)
        let side = cores.map { max($0.width, $0.height) }.max() ?? 512
        var order = Array(cores.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.index(below: i + 1)) }
        let decoyPool = cores.indices.filter { !queries.contains(cores[$0].name) }
        let names = slideNames()
        let targetPerSlide = megapixels * 1_000_000 / Double(names.count)
        return names.enumerated().map { slide, name in
            let own = order.enumerated().filter { $0.offset % names.count == slide }.map(\.element)
            return layout(name: name, own: own, cores: cores, side: side, decoyPool: decoyPool,
                          targetPixels: targetPerSlide, random: &random)
        }
    }

    private func layout(name: String, own: [Int], cores: [Core], side: Int, decoyPool: [Int], targetPixels: Double,
                        random: inout SeededRandom) -> VirtualSlideLayout {
        let gap = Int((random.uniform(0.2, 0.5) * Double(side)).rounded())
        let aspect = random.uniform(1.0, 1.6)
        let pitch = side + gap
        let wanted = max(own.count, Int((targetPixels / Double(pitch * pitch)).rounded()), 1)
        let columns = max(1, Int((Double(wanted) * aspect).squareRoot().rounded()))
        let rows = max(1, (own.count + columns - 1) / columns, Int((Double(wanted) / Double(columns)).rounded()))
        let margin = gap
        // Jitter of at most 0.4 gap each way keeps neighbouring discs at least 0.2 gap apart.
        let jitter = 0.4 * Double(gap)
        var cells = Array(0..<(columns * rows))
        for i in stride(from: cells.count - 1, to: 0, by: -1) { cells.swapAt(i, random.index(below: i + 1)) }
        var placements: [CorePlacement] = []
        for (k, cell) in cells.enumerated() {
            let isDecoy = k >= own.count
            if isDecoy && decoyPool.isEmpty { continue }
            let core = isDecoy ? decoyPool[random.index(below: decoyPool.count)] : own[k]
            let variant = isDecoy ? 1 + random.index(below: 7) : 0
            let angle = random.uniform(-maxAngle, maxAngle)
            let cx = Double(margin) + (Double(cell % columns) + 0.5) * Double(pitch) + random.uniform(-jitter, jitter)
            let cy = Double(margin) + (Double(cell / columns) + 0.5) * Double(pitch) + random.uniform(-jitter, jitter)
            placements.append(CorePlacement(core: core, name: cores[core].name, isDecoy: isDecoy, variant: variant,
                                            angleDegrees: angle, centreX: cx, centreY: cy,
                                            sourceWidth: cores[core].width, sourceHeight: cores[core].height))
        }
        placements.sort { ($0.centreY, $0.centreX) < ($1.centreY, $1.centreX) }
        return VirtualSlideLayout(name: name, width: 2 * margin + columns * pitch, height: 2 * margin + rows * pitch,
                                  columns: columns, rows: rows, pitch: pitch, placements: placements)
    }
}
