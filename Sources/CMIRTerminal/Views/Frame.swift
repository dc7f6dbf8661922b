/// One rendered screen: the text, and the images to draw over it.
public struct Frame: Equatable, Sendable {
    public var canvas: Canvas
    public var images: [ImagePlacement]

    public init(size: TerminalSize) {
        canvas = Canvas(columns: size.columns, rows: size.rows)
        images = []
    }

    public mutating func place(_ image: ImageRequest, in box: CellRect) {
        guard !box.isEmpty else { return }
        images.append(ImagePlacement(box: box, image: image))
    }
}

/// Styles shared by the views.
enum Styles {
    static let title = CellStyle(.normal, bold: true, reverse: true)
    static let heading = CellStyle(.accent, bold: true)
    static let selected = CellStyle(.accent, bold: true, reverse: true)
    static let selectionBar = CellStyle(.accent)
    static let dim = CellStyle(.dim)
    static let good = CellStyle(.good, bold: true)
    static let warning = CellStyle(.warning, bold: true)
    static let error = CellStyle(.error, bold: true)
    static let key = CellStyle(.accent, bold: true)
}
