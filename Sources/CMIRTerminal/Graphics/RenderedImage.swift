/// An image encoded for the terminal, ready to be written at a cell position.
public struct RenderedImage: Sendable {
    public enum Payload: Sendable {
        /// A complete sixel sequence (DCS ... ST).
        case sixel([UInt8])
        /// A PNG for the kitty protocol and the id it is stored under in the terminal (one id per rendering).
        case kitty(png: [UInt8], id: UInt32)
        /// A complete iTerm2 inline-image sequence (OSC 1337 ... BEL).
        case iterm([UInt8])
        /// One string of coloured characters (half blocks or chafa's symbols) per cell row.
        case blocks([String])
    }

    public let payload: Payload
    public let size: FittedSize

    public init(payload: Payload, size: FittedSize) {
        self.payload = payload
        self.size = size
    }

    /// Bytes held, for the cache's memory budget.
    public var byteCount: Int {
        switch payload {
        case .sixel(let bytes), .iterm(let bytes), .kitty(let bytes, _): bytes.count
        case .blocks(let lines): lines.reduce(0) { $0 + $1.utf8.count }
        }
    }

    /// Where the image's top-left cell goes to sit centred in `box`.
    public func origin(in box: CellRect) -> (column: Int, row: Int) { size.origin(in: box) }
}
