import CMIRKit
import Foundation

/// Prints an image inline on standard output at a width in cells, in the terminal's best graphics mode.
/// Inside tmux, pixel protocols would land where tmux last left the outer terminal's cursor, so inline
/// printing uses symbols there (the browser, which knows its cells, passes images through).
public struct ImagePrinter {
    public let capabilities: TerminalCapabilities

    public init(capabilities: TerminalCapabilities) { self.capabilities = capabilities }

    /// The graphics mode inline printing uses.
    public var mode: GraphicsMode {
        capabilities.tmux != nil && capabilities.graphics.drawsPixels ? .symbols : capabilities.graphics
    }

    /// The image fitted `columns` cells wide (as tall as its aspect ratio makes it); nil without graphics.
    public func size(of image: Image, columns: Int) -> FittedSize? {
        ImageFitting.fit(width: image.width, height: image.height, columns: columns, rows: 100_000,
                         cell: (capabilities.cellWidth, capabilities.cellHeight), mode: mode)
    }

    public func print(_ image: Image, columns: Int) throws {
        let output = FileHandle.standardOutput
        guard let size = size(of: image, columns: columns),
              let payload = try ImageEncoding.payload(RGB8(image, width: size.pixelWidth, height: size.pixelHeight), size: size,
                                                      mode: mode, kittyID: { UInt32.random(in: 1...0x7000_0000) })
        else {
            output.write(Data("[\(image.width) x \(image.height) image; graphics off]\n".utf8))
            return
        }
        // Room for the image first (the screen may scroll), then back up to draw it where the room is.
        let room = Array((String(repeating: "\n", count: size.rows) + "\u{1B}[\(size.rows)A").utf8)
        let back = Array("\u{1B}[\(size.rows)B\r".utf8)
        switch payload {
        case .sixel(let sequence):
            output.write(Data(sequence + Array("\n".utf8)))
        case .iterm(let sequence):
            output.write(Data(room + sequence + back))
        case .kitty(let png, let id):
            let transmission = KittyGraphics.transmit(png: png, id: id).flatMap { $0 }
            output.write(Data(room + transmission + KittyGraphics.place(id: id, placement: 1) + back))
        case .blocks(let lines):
            output.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
