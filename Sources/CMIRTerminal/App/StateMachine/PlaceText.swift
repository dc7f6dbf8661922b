import CMIRKit

/// A place on a slide as text to paste elsewhere: "slide x,y,w,h" in level-0 pixels.
public enum PlaceText {
    public static func of(slide: String, rect: PixelRect) -> String {
        "\(slide) \(rect.x),\(rect.y),\(rect.width),\(rect.height)"
    }
}
