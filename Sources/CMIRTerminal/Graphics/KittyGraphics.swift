import Foundation

/// The kitty graphics protocol's commands (`ESC _ G keys ; payload ESC \`): an image is transmitted once
/// under an id and kept by the terminal, then placed at the cursor's cell and deleted by id, so a redraw
/// costs a few dozen bytes instead of the picture. Every command is quiet (q=2): the terminal sends no
/// replies into the program's input.
public enum KittyGraphics {
    /// The protocol's limit on base64 bytes per chunk of a transmission.
    public static let chunkSize = 4096

    /// Commands that store a PNG under `id` without showing it (a=t, f=100): its base64 in chunks of at
    /// most `chunkSize` bytes, every chunk but the last marked m=1.
    public static func transmit(png: [UInt8], id: UInt32) -> [[UInt8]] {
        let base64 = Array(Data(png).base64EncodedString().utf8)
        return stride(from: 0, to: max(1, base64.count), by: chunkSize).map { start in
            let end = min(base64.count, start + chunkSize)
            let more = end < base64.count ? 1 : 0
            let keys = start == 0 ? "a=t,f=100,t=d,i=\(id),q=2,m=\(more)" : "m=\(more),q=2"
            return command(keys, payload: base64[start..<end])
        }
    }

    /// Shows stored image `id` with its top-left corner at the cursor's cell, at its pixel size, without moving
    /// the cursor (C=1). The same `placement` id again moves that placement instead of adding one.
    public static func place(id: UInt32, placement: UInt32) -> [UInt8] {
        command("a=p,i=\(id),p=\(placement),C=1,q=2")
    }

    /// Removes one placement from the screen; the image stays stored for the next placement (d=i).
    public static func removePlacement(id: UInt32, placement: UInt32) -> [UInt8] {
        command("a=d,d=i,i=\(id),p=\(placement),q=2")
    }

    /// Removes every placement of image `id` and frees its data (d=I).
    public static func free(id: UInt32) -> [UInt8] { command("a=d,d=I,i=\(id),q=2") }

    /// Removes every placement on the screen, keeping the stored images (d=a).
    public static let removeAllPlacements = command("a=d,d=a,q=2")

    static func command(_ keys: String, payload: ArraySlice<UInt8> = []) -> [UInt8] {
        Array("\u{1B}_G\(keys)".utf8) + (payload.isEmpty ? [] : [UInt8(ascii: ";")] + payload) + Array("\u{1B}\\".utf8)
    }
}
