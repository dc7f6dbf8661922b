/// The chunk structure of a PNG file, walked without inflating its image data: the header (IHDR), whether a
/// transparency chunk (tRNS) is there, and where the structure breaks, if it does. libpng refuses a file whose
/// critical chunks fail their CRC or that ends before IEND, so a file this walk finds whole has the data a
/// decoder needs (the compressed stream itself is not checked).
struct PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var width = 0
    var height = 0
    var bitDepth = 0
    var colorType = 0
    var hasTransparency = false
    /// Why the file is not a whole PNG (nil when it is): cut short, or a critical chunk's CRC does not match.
    var damage: String?

    /// Walks `bytes`; nil when they do not start with the PNG signature and an IHDR chunk.
    init?(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= 33, bytes.prefix(8).elementsEqual(Self.signature), String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func be32(_ i: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[i + $1]) } }
        width = be32(16)
        height = be32(20)
        bitDepth = Int(bytes[24])
        colorType = Int(bytes[25])
        var i = 8
        while true {
            guard i + 8 <= n else { damage = "truncated PNG (it ends before its IEND chunk)"; return }
            let length = be32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            guard length <= n - i - 12 else { damage = "truncated PNG (it ends inside its \(type) chunk)"; return }
            let isCritical = bytes[i + 4] & 0x20 == 0
            if isCritical, UInt32(CRC32.update(0, with: UnsafeRawBufferPointer(rebasing: bytes[(i + 4)..<(i + 8 + length)])))
                != UInt32(be32(i + 8 + length)) {
                damage = "damaged PNG (the checksum of its \(type) chunk does not match)"
                return
            }
            if type == "tRNS" { hasTransparency = true }
            if type == "IEND" { return }
            i += 12 + length
        }
    }
}
