import CMIRKit

/// Pasting one image into another, clipped to both: tiles into a slide region, a query into a padded frame.
extension Image {
    /// Copies `image` so that its top-left pixel lands at `offset` (which may lie outside); channels must agree.
    mutating func paste(_ image: Image, at offset: (x: Int, y: Int)) {
        precondition(image.channels == channels, "pasting needs equal channels")
        let x0 = max(0, offset.x), x1 = min(width, offset.x + image.width)
        let y0 = max(0, offset.y), y1 = min(height, offset.y + image.height)
        guard x1 > x0, y1 > y0 else { return }
        let sourcePlane = image.pixelCount, targetPlane = pixelCount
        for channel in 0..<channels {
            for y in y0..<y1 {
                let source = channel * sourcePlane + (y - offset.y) * image.width + (x0 - offset.x)
                let target = channel * targetPlane + y * width + x0
                pixels.replaceSubrange(target..<(target + x1 - x0), with: image.pixels[source..<(source + x1 - x0)])
            }
        }
    }

    /// The `rect` part of the image, with what lies beyond its edges `fill`.
    func framed(to rect: PixelRect, fill: Float = 0) -> Image {
        if rect == PixelRect(x: 0, y: 0, width: width, height: height) { return self }
        var out = Image(width: rect.width, height: rect.height, channels: channels, filledWith: fill)
        out.paste(self, at: (-rect.x, -rect.y))
        return out
    }
}
