import CMIRKit

/// The crop tool's rectangle inside a query image of known size: moving, resizing, scaling and dragging,
/// always kept inside the image and at least `minimumSide` pixels on each side.
public struct CropRectangle: Hashable, Sendable {
    public let imageWidth: Int
    public let imageHeight: Int
    public private(set) var rect: PixelRect

    /// The whole image.
    public init(imageWidth: Int, imageHeight: Int) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        rect = PixelRect(x: 0, y: 0, width: imageWidth, height: imageHeight)
    }

    public var minimumSide: Int { min(16, imageWidth, imageHeight) }

    public var coversWholeImage: Bool { rect == PixelRect(x: 0, y: 0, width: imageWidth, height: imageHeight) }

    public mutating func reset() { rect = PixelRect(x: 0, y: 0, width: imageWidth, height: imageHeight) }

    /// Moves by whole steps of `step` pixels, stopping at the image edge.
    public mutating func move(dx: Int, dy: Int, step: Int) {
        rect.x = min(max(0, rect.x + dx * step), imageWidth - rect.width)
        rect.y = min(max(0, rect.y + dy * step), imageHeight - rect.height)
    }

    /// Moves the bottom-right corner by whole steps of `step` pixels (shift + arrows).
    public mutating func resize(dw: Int, dh: Int, step: Int) {
        rect.width = min(max(minimumSide, rect.width + dw * step), imageWidth - rect.x)
        rect.height = min(max(minimumSide, rect.height + dh * step), imageHeight - rect.y)
    }

    /// Grows (+1) or shrinks (-1) by 10 % about the centre, keeping the aspect ratio where the image allows.
    public mutating func scale(_ direction: Int) {
        let factor = direction > 0 ? 1.1 : 1 / 1.1
        let cx = Double(rect.x) + Double(rect.width) / 2, cy = Double(rect.y) + Double(rect.height) / 2
        var width = Int((Double(rect.width) * factor).rounded()), height = Int((Double(rect.height) * factor).rounded())
        if direction > 0 { width = max(width, rect.width + 1); height = max(height, rect.height + 1) }
        width = min(max(minimumSide, width), imageWidth)
        height = min(max(minimumSide, height), imageHeight)
        set(x: Int((cx - Double(width) / 2).rounded()), y: Int((cy - Double(height) / 2).rounded()), width: width, height: height)
    }

    /// The rectangle spanned by two image points (a mouse drag), at least `minimumSide` pixels wide and tall.
    public mutating func span(from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
        let x0 = min(a.x, b.x), y0 = min(a.y, b.y)
        let width = max(minimumSide, abs(b.x - a.x) + 1), height = max(minimumSide, abs(b.y - a.y) + 1)
        set(x: x0, y: y0, width: min(width, imageWidth), height: min(height, imageHeight))
    }

    /// Places the rectangle's top-left corner (a drag that moves it), keeping its size.
    public mutating func place(x: Int, y: Int) {
        set(x: x, y: y, width: rect.width, height: rect.height)
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
    }

    private mutating func set(x: Int, y: Int, width: Int, height: Int) {
        rect = PixelRect(x: min(max(0, x), imageWidth - width), y: min(max(0, y), imageHeight - height),
                         width: width, height: height)
    }
}
