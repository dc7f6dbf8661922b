/// An image encoded for the terminal, ready to be written at a cell position.
public struct RenderedImage: Sendable {
    public enum Payload: Sendable {
        /// A complete sixel sequence (DCS ... ST).
        case sixel([UInt8])
        /// One string of coloured half blocks per cell row.
        case blocks([String])
    }

    public let payload: Payload
    public let size: FittedSize

    /// Bytes held, for the cache's memory budget.
    public var byteCount: Int {
        switch payload {
        case .sixel(let bytes): bytes.count
        case .blocks(let lines): lines.reduce(0) { $0 + $1.utf8.count }
        }
    }

    /// Where the image's top-left cell goes to sit centred in `box`.
    public func origin(in box: CellRect) -> (column: Int, row: Int) { size.origin(in: box) }
}
