/// SURF descriptors on a regular grid, as MATLAB's bagOfFeatures (which the paper used) extracts them:
/// grid step 8 px, square blocks of 32, 64, 96 and 128 px, the block width being the 20s descriptor window
/// (scale s = width / 20, so 1.6 ... 6.4 px), upright unless `oriented`, and only the strongest 80 % kept.
///
/// A block is placed wherever it fits entirely inside the image: centres at width/2 + k * step.
/// Strength is the box-filter Hessian determinant at the point, with the filter nearest to its scale
/// (sizes 15, 27, 39, 51 for the four widths): the same measure the detector ranks blobs by, so a grid
/// point is kept when it sits on blob-like structure of its own size rather than on flat background.
/// Exactly floor(keptFraction * positions) points are kept (fewer only where a descriptor is all zero).
public struct DenseSURFExtractor: FeatureExtractor {
    public var oriented: Bool
    public var step: Int
    public var blockWidths: [Int]
    public var keptFraction: Double

    public init(oriented: Bool = false, step: Int = 8, blockWidths: [Int] = [32, 64, 96, 128], keptFraction: Double = 0.8) {
        precondition(step > 0 && blockWidths.allSatisfy { $0 >= 20 } && (0...1).contains(keptFraction))
        self.oriented = oriented
        self.step = step
        self.blockWidths = blockWidths
        self.keptFraction = keptFraction
    }

    public var name: String {
        oriented ? FeatureExtractorKind.surfGridOriented.rawValue : FeatureExtractorKind.surfGrid.rawValue
    }
    public var descriptorLength: Int { SURFDescriptor.length }

    /// How many grid positions (over all block widths) fit an image of this size, before the strongest are kept.
    public func gridPositionCount(width: Int, height: Int) -> Int {
        blockWidths.reduce(0) { total, block in
            total + (width >= block ? (width - block) / step + 1 : 0) * (height >= block ? (height - block) / step + 1 : 0)
        }
    }

    /// Features in grid order (block width, row, column). Colour images are reduced to their luminance first.
    public func extract(from image: Image) -> [Feature] {
        let integral = IntegralImage(image.grayscale())
        var points: [Keypoint] = []
        for block in blockWidths where image.width >= block && image.height >= block {
            let scale = Float(block) / 20
            let hessian = BoxHessian(nearestToScale: scale)
            let columns = (image.width - block) / step + 1, rows = (image.height - block) / step + 1
            points += ParallelMap.map(rows * columns) { index -> Keypoint in
                let x = block / 2 + (index % columns) * step, y = block / 2 + (index / columns) * step
                return Keypoint(x: Float(x), y: Float(y), scale: scale,
                                strength: hessian.determinant(integral, x: x, y: y))
            }
        }
        let kept = strongest(points)
        // Grid points share a few scales: precompute each scale's Haar responses once for all its points.
        var features: [Feature] = []
        for block in blockWidths {
            let scale = Float(block) / 20
            let ofBlock = kept.filter { $0.scale == scale }
            guard !ofBlock.isEmpty else { continue }
            let descriptorMap = HaarResponseMap(integral, radius: SURFDescriptor.haarRadius(scale: scale))
            let orientationMap = oriented ? HaarResponseMap(integral, radius: SURFOrientation.haarRadius(scale: scale)) : descriptorMap
            let oriented = self.oriented
            features += ParallelMap.map(ofBlock.count) {
                SURFFeature.make(ofBlock[$0], oriented: oriented,
                                 orientationSampler: orientationMap, descriptorSampler: descriptorMap)
            }.compactMap { $0 }
        }
        return features
    }

    /// The floor(keptFraction * n) strongest points, ties broken by grid order, returned in grid order.
    private func strongest(_ points: [Keypoint]) -> [Keypoint] {
        let count = Int((keptFraction * Double(points.count)).rounded(.down))
        let order = points.indices.sorted { a, b in
            points[a].strength != points[b].strength ? points[a].strength > points[b].strength : a < b
        }
        return order.prefix(count).sorted().map { points[$0] }
    }
}
