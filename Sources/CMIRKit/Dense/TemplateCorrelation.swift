import CFFTW

/// Normalised cross-correlation of square zero-mean, unit-norm templates over a canvas, by FFT (FFTW) on
/// overlapping `size` x `size` tiles, reduced tile by tile to the best positions, so that memory stays that of
/// a few tiles whatever the canvas's size.
struct TemplateCorrelation {
    /// Side of the FFT tiles; templates are at most a quarter of it (`DenseTemplates.largestSide`).
    static let size = 128

    /// A position of a template's corner on the canvas, the score there and the template that gave it.
    struct Peak: Sendable, Equatable {
        let x: Int
        let y: Int
        let score: Float
        let template: Int
    }

    let canvas: DenseCanvas

    /// The positions whose best score over the templates is at least `least` and no lower than at the eight
    /// positions around them (within their tile), each farther than `apart` from every better one, at most
    /// `count`, best first. Windows mostly unrepresented are not scored.
    func peaks(of templates: [[Float]], side k: Int, least: Float, apart: Double, count: Int) -> [Peak] {
        let n = Self.size
        let width = canvas.width - k + 1, height = canvas.height - k + 1
        guard width > 0, height > 0, k <= n / 2, !templates.isEmpty else { return [] }
        let spectra = templates.map { Self.conjugateSpectrum(of: $0, side: k) }
        let step = n - k + 1
        let origins = Swift.stride(from: 0, to: height, by: step)
            .flatMap { y in Swift.stride(from: 0, to: width, by: step).map { (x: $0, y: y) } }
            .filter { canvas.represents(x: $0.x, y: $0.y, width: n, height: n) }
        let perTile = ParallelMap.map(origins.count) { t in
            let origin = origins[t]
            let (scores, which) = Self.best(canvas, at: origin, spectra: spectra, side: k,
                                             width: min(step, width - origin.x), height: min(step, height - origin.y))
            return Self.distinct(Self.maxima(scores, which: which, width: min(step, width - origin.x), origin: origin, least: least),
                                 apart: apart, count: count)
        }
        return Self.distinct(perTile.flatMap { $0 }, apart: apart, count: count)
    }

    /// The best score over the templates at each of a tile's `width` x `height` positions (-1 where the window
    /// is mostly unrepresented) and the template that gave it: the tile's spectrum times each template's
    /// conjugate spectrum, back to space, divided by each window's spread.
    private static func best(_ canvas: DenseCanvas, at origin: (x: Int, y: Int), spectra: [FourierBuffer], side k: Int,
                             width w: Int, height h: Int) -> (scores: [Float], which: [Int]) {
        let n = size, half = n / 2 + 1
        let space = FourierBuffer(reals: n * n), spectrum = FourierBuffer(complexes: n * half), product = FourierBuffer(complexes: n * half)
        for y in 0..<n { for x in 0..<n { space.reals[y * n + x] = canvas.value(x: origin.x + x, y: origin.y + y) } }
        fftwf_execute_dft_r2c(FourierPlans.shared.forward, space.reals, spectrum.complexes)
        // Per position, what turns a correlation into a score (0 where the window is mostly unrepresented).
        let sums = WindowSums(canvas, origin: origin, size: n, side: k)
        var factor = [Float](repeating: 0, count: w * h)
        for v in 0..<h {
            for u in 0..<w { if let spread = sums.spread(u: u, v: v) { factor[v * w + u] = 1 / (Float(n * n) * spread) } }
        }
        var scores = [Float](repeating: -1, count: w * h), which = [Int](repeating: 0, count: w * h)
        let a = spectrum.reals, p = product.reals
        scores.withUnsafeMutableBufferPointer { best in
            which.withUnsafeMutableBufferPointer { index in
                factor.withUnsafeBufferPointer { factor in
                    for (t, template) in spectra.enumerated() {
                        let b = template.reals
                        for i in Swift.stride(from: 0, to: 2 * n * half, by: 2) {
                            p[i] = a[i] * b[i] - a[i + 1] * b[i + 1]
                            p[i + 1] = a[i] * b[i + 1] + a[i + 1] * b[i]
                        }
                        fftwf_execute_dft_c2r(FourierPlans.shared.backward, product.complexes, space.reals)
                        for v in 0..<h {
                            let row = space.reals + v * n, o = v * w
                            for u in 0..<w {
                                let score = row[u] * factor[o + u]
                                if score > best[o + u] { best[o + u] = score; index[o + u] = t }
                            }
                        }
                    }
                    for i in 0..<(w * h) where factor[i] == 0 { best[i] = -1 }
                }
            }
        }
        return (scores, which)
    }

    /// The tile's scored positions of at least `least` that no neighbour in the tile beats, on the canvas.
    private static func maxima(_ scores: [Float], which: [Int], width w: Int, origin: (x: Int, y: Int), least: Float) -> [Peak] {
        let h = scores.count / max(1, w)
        var peaks: [Peak] = []
        for v in 0..<h {
            for u in 0..<w where scores[v * w + u] >= least && scores[v * w + u] > -1 {
                let value = scores[v * w + u]
                var highest = true
                for dv in -1...1 where v + dv >= 0 && v + dv < h {
                    for du in -1...1 where u + du >= 0 && u + du < w && scores[(v + dv) * w + u + du] > value { highest = false }
                }
                if highest { peaks.append(Peak(x: origin.x + u, y: origin.y + v, score: value, template: which[v * w + u])) }
            }
        }
        return peaks
    }

    /// The best peaks, each farther than `apart` from every better one kept, at most `count`.
    static func distinct(_ peaks: [Peak], apart: Double, count: Int) -> [Peak] {
        let sorted = peaks.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.y, $0.x) < ($1.y, $1.x) }
        var kept: [Peak] = []
        for peak in sorted where kept.count < count {
            let near = kept.contains { Double(($0.x - peak.x) * ($0.x - peak.x) + ($0.y - peak.y) * ($0.y - peak.y)) <= apart * apart }
            if !near { kept.append(peak) }
        }
        return kept
    }

    /// The conjugate spectrum of a k x k template laid in the corner of a tile: multiplying a tile's spectrum by
    /// it correlates the two.
    private static func conjugateSpectrum(of template: [Float], side k: Int) -> FourierBuffer {
        let n = size
        let space = FourierBuffer(reals: n * n), spectrum = FourierBuffer(complexes: n * (n / 2 + 1))
        for i in 0..<(n * n) { space.reals[i] = 0 }
        for y in 0..<k { for x in 0..<k { space.reals[y * n + x] = template[y * k + x] } }
        fftwf_execute_dft_r2c(FourierPlans.shared.forward, space.reals, spectrum.complexes)
        for i in 0..<(n * (n / 2 + 1)) { spectrum.complexes[i].1 = -spectrum.complexes[i].1 }
        return spectrum
    }
}
