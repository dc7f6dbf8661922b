import CMIRKit
import Foundation

/// Prints an image inline on standard output at a width in cells, in the terminal's best graphics mode.
public struct ImagePrinter {
    public let capabilities: TerminalCapabilities

    public init(capabilities: TerminalCapabilities) { self.capabilities = capabilities }

    /// The pixel size an image of `columns` cells takes, keeping its aspect ratio;
    /// for sixel the height is a multiple of 6 (one sixel band), for blocks a multiple of 2.
    public func pixelSize(of image: Image, columns: Int) -> (width: Int, height: Int) {
        switch capabilities.graphics {
        case .sixel:
            let width = columns * capabilities.cellWidth
            let height = Int((Double(width) * Double(image.height) / Double(image.width) / 6).rounded()) * 6
            return (width, max(6, height))
        case .blocks, .none:
            // A cell is about twice as tall as wide, and holds two block pixels vertically.
            let aspect = Double(capabilities.cellHeight) / Double(capabilities.cellWidth) / 2
            let height = Int((Double(columns) * Double(image.height) / Double(image.width) / aspect / 2).rounded()) * 2
            return (columns, max(2, height))
        }
    }

    public func print(_ image: Image, columns: Int) throws {
        let size = pixelSize(of: image, columns: columns)
        let output = FileHandle.standardOutput
        switch capabilities.graphics {
        case .sixel:
            let raster = RGB8(image, width: size.width, height: size.height)
            output.write(Data(try SixelEncoder.encode(raster)))
            output.write(Data("\n".utf8))
        case .blocks:
            let raster = RGB8(image, width: size.width, height: size.height)
            output.write(Data((HalfBlockRenderer.lines(raster).joined(separator: "\n") + "\n").utf8))
        case .none:
            output.write(Data("[\(image.width) x \(image.height) image; graphics off]\n".utf8))
        }
    }
}
