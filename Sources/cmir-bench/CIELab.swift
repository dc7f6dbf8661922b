import Foundation

/// CIE L*a*b* (D65) of 8-bit sRGB colours and the CIE76 colour difference between them (Delta E*ab: about
/// 1 is the smallest difference an eye sees side by side, 2-3 is noticeable).
enum CIELab {
    /// Lab of one sRGB pixel.
    static func lab(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> (l: Double, a: Double, b: Double) {
        func linear(_ v: UInt8) -> Double {
            let c = Double(v) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let (lr, lg, lb) = (linear(r), linear(g), linear(b))
        let x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047
        let y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
        let z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let (fx, fy, fz) = (f(x), f(y), f(z))
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// Mean Delta E*ab over the pixels of two equally sized interleaved RGB rasters.
    static func meanDeltaE(_ first: [UInt8], _ second: [UInt8]) -> Double {
        precondition(first.count == second.count && !first.isEmpty)
        var sum = 0.0
        for i in stride(from: 0, to: first.count, by: 3) {
            let p = lab(first[i], first[i + 1], first[i + 2]), q = lab(second[i], second[i + 1], second[i + 2])
            sum += ((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)).squareRoot()
        }
        return sum / Double(first.count / 3)
    }
}
