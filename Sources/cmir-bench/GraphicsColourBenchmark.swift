import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// Colour error and size of each pixel protocol on H&E thumbnails: every image of a folder scaled to a
/// thumbnail, encoded, decoded as the terminal would show it, and compared pixel by pixel with the thumbnail
/// (mean CIE76 Delta E). Kitty and iTerm2 carry the PNG itself; sixel is tried with each libsixel palette option.
struct GraphicsColourBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graphics-colour",
                                                    abstract: "Mean Delta E, bytes and time per thumbnail of kitty, iTerm2 and sixel palette options.")

    @Option(help: "Folder of H&E images.")
    var folder = "Assets/demo/bf"

    @Option(help: "Thumbnail side in pixels (the browser's are 170-200 px with 10 x 20 px cells).")
    var size = 190

    func run() throws {
        // The images alone: the demo folder also holds a slide, which is not a thumbnail-sized H&E picture.
        let thumbnails = try ImageDirectory.imagePaths(in: folder).filter { !Slide.isSlide($0) }
            .map { RGB8(try ImageFile.load($0).image, width: size, height: size) }
        guard !thumbnails.isEmpty else { throw CMIRError.input("\(folder): no images") }
        print("\(thumbnails.count) thumbnails of \(size) x \(size) px from \(folder); mean over them")
        print("protocol | palette | mean Delta E (CIE76) | bytes per thumbnail | ms per thumbnail (encode + decode)")
        let kitty = try measure(thumbnails) { raster in
            let png = try ImageFile.png(rgb: raster.bytes, width: raster.width, height: raster.height)
            let sent = KittyGraphics.transmit(png: png, id: 1).reduce(0) { $0 + $1.count }
            return (try Self.decodePNG(png), sent)
        }
        print(String(format: "kitty | none (24-bit PNG) | %.2f | %.0f | %.1f", kitty.deltaE, kitty.bytes, kitty.milliseconds))
        let iterm = try measure(thumbnails) { raster in
            let png = try ImageFile.png(rgb: raster.bytes, width: raster.width, height: raster.height)
            return (try Self.decodePNG(png), ITermImages.sequence(png: png, columns: 19, rows: 10).count)
        }
        print(String(format: "iterm | none (24-bit PNG) | %.2f | %.0f | %.1f", iterm.deltaE, iterm.bytes, iterm.milliseconds))
        var rows: [(palette: SixelPalette, result: Measurement)] = []
        for palette in Self.sixelPalettes {
            let result = try measure(thumbnails) { raster in
                let sixel = try SixelEncoder.encode(raster, palette: palette)
                return (try SixelDecoder.decode(sixel), sixel.count)
            }
            rows.append((palette, result))
        }
        for row in rows.sorted(by: { $0.result.deltaE < $1.result.deltaE }) {
            let marks = (row.palette == .chosen ? " (cmir)" : "") + (row.palette == .libsixelDefaults ? " (libsixel defaults)" : "")
            print(String(format: "sixel | %@%@ | %.2f | %.0f | %.1f", row.palette.description, marks, row.result.deltaE,
                         row.result.bytes, row.result.milliseconds))
        }
    }

    /// libsixel's defaults and every combination of its median-cut, representative, quality and diffusion options.
    static let sixelPalettes: [SixelPalette] = [.libsixelDefaults] + [SixelPalette.Largest.norm, .lum].flatMap { largest in
        [SixelPalette.Representative.centreOfBox, .averageColours, .averagePixels].flatMap { representative in
            [SixelPalette.Quality.high, .full].flatMap { quality in
                [SixelPalette.Diffusion.none, .floydSteinberg, .atkinson].map { diffusion in
                    SixelPalette(largest: largest, representative: representative, quality: quality, diffusion: diffusion)
                }
            }
        }
    }

    static func decodePNG(_ png: [UInt8]) throws -> RGB8 {
        let image = try ImageFile.decode(Data(png), name: "PNG").image
        return RGB8(image, width: image.width, height: image.height)
    }

    struct Measurement { var deltaE = 0.0, bytes = 0.0, milliseconds = 0.0 }

    /// Mean Delta E, bytes and time (encoding and decoding) of an encoding over the thumbnails; `encode`
    /// returns what the terminal shows and the bytes sent.
    func measure(_ thumbnails: [RGB8], _ encode: (RGB8) throws -> (shown: RGB8, bytes: Int)) throws -> Measurement {
        var total = Measurement()
        for thumbnail in thumbnails {
            let start = ContinuousClock.now
            let (shown, count) = try encode(thumbnail)
            total.milliseconds += (ContinuousClock.now - start).milliseconds
            guard shown.width == thumbnail.width, shown.height == thumbnail.height else {
                throw CMIRError.failure("decoded \(shown.width) x \(shown.height), sent \(thumbnail.width) x \(thumbnail.height)")
            }
            total.deltaE += CIELab.meanDeltaE(thumbnail.bytes, shown.bytes)
            total.bytes += Double(count)
        }
        let n = Double(thumbnails.count)
        return Measurement(deltaE: total.deltaE / n, bytes: total.bytes / n, milliseconds: total.milliseconds / n)
    }
}
