import CMIRKit

/// Encodes a fitted raster in a graphics mode's payload: the one place that knows which encoder each mode uses.
enum ImageEncoding {
    /// The payload for `mode`; `kittyID` gives the id a kitty image is stored under. Nil for `.none`.
    static func payload(_ raster: RGB8, size: FittedSize, mode: GraphicsMode, kittyID: () -> UInt32) throws -> RenderedImage.Payload? {
        switch mode {
        case .kitty: .kitty(png: try png(raster), id: kittyID())
        case .iterm: .iterm(ITermImages.sequence(png: try png(raster), columns: size.columns, rows: size.rows))
        case .sixel: .sixel(try SixelEncoder.encode(raster))
        case .symbols: .blocks(SymbolRenderer.lines(raster, columns: size.columns, rows: size.rows))
        case .blocks: .blocks(HalfBlockRenderer.lines(raster))
        case .none: nil
        }
    }

    static func png(_ raster: RGB8) throws -> [UInt8] {
        try ImageFile.png(rgb: raster.bytes, width: raster.width, height: raster.height)
    }
}
