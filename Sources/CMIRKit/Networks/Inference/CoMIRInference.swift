/// Representing images of any size with one network of a model.
///
/// The image is mirrored outward to a multiple of the network's stride (split evenly between the sides, so a
/// quarter turn of the image gives a quarter turn of the padding), and by the receptive margin more for
/// `.mirrored` edges, then processed whole when it fits in one `tileSize` tile, else in tiles whose cores are
/// `tileSize - 2 * margin` wide and that overlap by `margin` on every side. Tile boundaries lie on the stride grid
/// and the margin covers the receptive field, and batch normalisation is an affine map at inference, so a tile's
/// core equals the same region of a whole-image pass up to float rounding, while memory stays bounded by the tile
/// size whatever the image size.
public struct CoMIRInference: Sendable {
    public let model: CoMIRModel
    /// Largest tile side in pixels (input to the network, margins included).
    public var tileSize: Int
    /// Average the representations of the four quarter turns (exact C4 equivariance, four times the work).
    public var averagesQuarterTurns: Bool

    public init(model: CoMIRModel, tileSize: Int = 768, averagesQuarterTurns: Bool = false) {
        self.model = model
        self.tileSize = tileSize
        self.averagesQuarterTurns = averagesQuarterTurns
    }

    /// The overlap between tiles: at least the receptive radius, on the stride grid.
    public static func margin(for architecture: UNetArchitecture) -> Int {
        let stride = architecture.stride
        return (architecture.receptiveRadius + stride - 1) / stride * stride
    }

    /// The representation of `image` by the network of modality `name`: `outputChannels` float planes, same size.
    public func represent(_ image: Image, modality name: String, edges: ImageEdges = .closed) throws -> Image {
        let modality = try model.modality(named: name)
        let network = modality.network, architecture = network.architecture
        let stride = architecture.stride
        let margin = Self.margin(for: architecture)
        let context = edges == .mirrored ? margin : 0
        let paddedWidth = (image.width + 2 * context + stride - 1) / stride * stride
        let paddedHeight = (image.height + 2 * context + stride - 1) / stride * stride
        let left = (paddedWidth - image.width) / 2, top = (paddedHeight - image.height) / 2
        let tile = max(tileSize / stride * stride, 2 * margin + stride)
        let core = tile - 2 * margin
        let stretch = modality.preprocessing.stretchBounds(of: image)
        let channels = architecture.outputChannels
        var output = Image(width: image.width, height: image.height, channels: channels)
        let single = paddedWidth <= tile && paddedHeight <= tile
        let coresX = single ? [0..<paddedWidth] : Self.cores(paddedWidth, core)
        let coresY = single ? [0..<paddedHeight] : Self.cores(paddedHeight, core)
        for coreY in coresY {
            for coreX in coresX {
                let x0 = max(0, coreX.lowerBound - margin), x1 = min(paddedWidth, coreX.upperBound + margin)
                let y0 = max(0, coreY.lowerBound - margin), y1 = min(paddedHeight, coreY.upperBound + margin)
                let region = PixelRect(x: x0 - left, y: y0 - top, width: x1 - x0, height: y1 - y0)
                let input = Tensor<Float>(count: 1, channels: architecture.inputChannels, height: region.height,
                                          width: region.width,
                                          data: modality.preprocessing.input(from: image, region: region, stretch: stretch))
                let result = averagesQuarterTurns ? Self.quarterTurnAverage(network, input) : network.infer(input)
                // Copy the tile's core, minus the padding, into the output.
                for c in 0..<channels {
                    for py in coreY {
                        let y = py - top
                        guard y >= 0 && y < image.height else { continue }
                        for px in coreX {
                            let x = px - left
                            guard x >= 0 && x < image.width else { continue }
                            output.pixels[(c * image.height + y) * image.width + x] =
                                result.data[(c * region.height + (py - y0)) * region.width + (px - x0)]
                        }
                    }
                }
            }
        }
        // Damaged weights give NaN or infinite values: refused, not drawn black.
        guard output.pixels.allSatisfy(\.isFinite) else {
            throw CMIRError.input("the model's \(name) network gives values that are not numbers (NaN or infinite); the model is damaged")
        }
        return output
    }

    /// Consecutive core ranges covering 0..<size.
    private static func cores(_ size: Int, _ core: Int) -> [Range<Int>] {
        stride(from: 0, to: size, by: core).map { $0..<min(size, $0 + core) }
    }
}
