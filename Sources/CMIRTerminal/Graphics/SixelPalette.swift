import CSixel

/// How libsixel builds an image's palette (median cut) and spreads its error: the options `cmir-bench
/// graphics-colour` compares on the demo's H&E thumbnails (bench/RESULTS.md, docs/decisions.md).
public struct SixelPalette: Hashable, Sendable, CustomStringConvertible {
    /// Which box median cut splits next: the widest in RGB (norm) or in luminance (lum).
    public enum Largest: Int32, CaseIterable, Sendable { case auto = 0, norm = 1, lum = 2 }
    /// The colour that stands for a box: its centre, the mean of its colours, or the mean of its pixels.
    public enum Representative: Int32, CaseIterable, Sendable { case auto = 0, centreOfBox = 1, averageColours = 2, averagePixels = 3 }
    /// Histogram precision of the palette construction.
    public enum Quality: Int32, CaseIterable, Sendable { case auto = 0, high = 1, low = 2, full = 3 }
    /// Error diffusion over neighbouring pixels.
    public enum Diffusion: Int32, CaseIterable, Sendable { case auto = 0, none = 1, atkinson = 2, floydSteinberg = 3, jarvisJudiceNinke = 4, stucki = 5, burkes = 6 }

    public var largest: Largest
    public var representative: Representative
    public var quality: Quality
    public var diffusion: Diffusion
    /// Palette entries (sixel terminals hold at most 256 colour registers, xterm's VT340 mode 256 when asked).
    public var colours: Int

    public init(largest: Largest, representative: Representative, quality: Quality, diffusion: Diffusion, colours: Int = 256) {
        self.largest = largest; self.representative = representative; self.quality = quality; self.diffusion = diffusion
        self.colours = colours
    }

    /// libsixel's own choices throughout.
    public static let libsixelDefaults = SixelPalette(largest: .auto, representative: .auto, quality: .auto, diffusion: .auto)

    /// What cmir uses: the lowest mean colour error on the demo's H&E thumbnails (Delta E 2.06 against the
    /// defaults' 2.89, for 7 % more bytes; with full quality the box and representative options change nothing).
    /// docs/decisions.md, "Terminal graphics".
    public static let chosen = SixelPalette(largest: .norm, representative: .averagePixels, quality: .full, diffusion: .none)

    /// For large pictures (the slide viewer's view, about a megapixel): full quality looks every pixel's colour up
    /// among all 256 entries, about 8 times the time of high quality's cached look-up at 1000 px (Delta E 3.2 against
    /// 2.1). docs/decisions.md, "Sixel palettes of large pictures".
    public static let large = SixelPalette(largest: .norm, representative: .averagePixels, quality: .high, diffusion: .none)

    /// Rasters of at least this many pixels (a 450 px square) are encoded with `large`.
    public static let largeFromPixels = 200_000

    /// The palette options for a raster of `pixels` pixels.
    public static func forRaster(pixels: Int) -> SixelPalette { pixels < largeFromPixels ? chosen : large }

    public var description: String { "largest \(largest), representative \(representative), quality \(quality), diffusion \(diffusion)" }
}
