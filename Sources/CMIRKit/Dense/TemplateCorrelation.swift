import CFFTW

/// Normalised cross-correlation of square zero-mean, unit-norm templates over a canvas, by FFT (FFTW) on
/// overlapping `size` x `size` tiles: for every position of a template's corner, the best score over the
/// templates and which one gave it. Positions whose window is mostly unrepresented score -1.
struct TemplateCorrelation {
    /// Side of the FFT tiles; templates are at most half of it (`DenseStage.largestTemplate`).
    static let size = 128

    let canvas: DenseCanvas

    /// The best score at each position (row by row, `width` x `height` = the canvas less the template plus one)
    /// and the index of the template that gave it.
    func best(of templates: [[Float]], side k: Int) -> (scores: [Float], which: [UInt8], width: Int, height: Int) {
        let n = Self.size
        let width = canvas.width - k + 1, height = canvas.height - k + 1
        guard width > 0, height > 0, k <= n / 2, !templates.isEmpty, templates.count <= 256 else { return ([], [], 0, 0) }
        let sums = WindowSums(canvas, side: k)
        let spectra = templates.map { Self.conjugateSpectrum(of: $0, side: k) }
        let step = n - k + 1
        let origins = stride(from: 0, to: height, by: step).flatMap { y in stride(from: 0, to: width, by: step).map { (x: $0, y: y) } }
            .filter { canvas.represents(x: $0.x, y: $0.y, width: n, height: n) }
        let tiles = ParallelMap.map(origins.count) { t in
            Self.tile(canvas, at: origins[t], spectra: spectra, sums: sums, step: step, limit: (width, height))
        }
        var scores = [Float](repeating: -1, count: width * height), which = [UInt8](repeating: 0, count: width * height)
        for (origin, tile) in zip(origins, tiles) {
            let w = min(step, width - origin.x), h = min(step, height - origin.y)
            for v in 0..<h {
                for u in 0..<w {
                    scores[(origin.y + v) * width + origin.x + u] = tile.scores[v * step + u]
                    which[(origin.y + v) * width + origin.x + u] = tile.which[v * step + u]
                }
            }
        }
        return (scores, which, width, height)
    }

    /// One tile's `step` x `step` positions (those inside `limit`): its spectrum times each template's
    /// conjugate spectrum, back to space, divided by the window's spread.
    private static func tile(_ canvas: DenseCanvas, at origin: (x: Int, y: Int), spectra: [FourierBuffer], sums: WindowSums,
                             step: Int, limit: (width: Int, height: Int)) -> (scores: [Float], which: [UInt8]) {
        let n = size, half = n / 2 + 1
        let space = FourierBuffer(reals: n * n), spectrum = FourierBuffer(complexes: n * half), product = FourierBuffer(complexes: n * half)
        for y in 0..<n {
            for x in 0..<n {
                space.reals[y * n + x] = canvas.value(x: origin.x + x, y: origin.y + y)
            }
        }
        fftwf_execute_dft_r2c(FourierPlans.shared.forward, space.reals, spectrum.complexes)
        var scores = [Float](repeating: -1, count: step * step), which = [UInt8](repeating: 0, count: step * step)
        let w = min(step, limit.width - origin.x), h = min(step, limit.height - origin.y)
        // Per position, what turns a correlation into a score (0 where the window is mostly unrepresented).
        var scale = [Float](repeating: 0, count: step * step)
        for v in 0..<h {
            for u in 0..<w {
                if let spread = sums.spread(x: origin.x + u, y: origin.y + v) { scale[v * step + u] = 1 / (Float(n * n) * spread) }
            }
        }
        for (t, template) in spectra.enumerated() {
            for i in 0..<(n * half) {
                let a = spectrum.complexes[i], b = template.complexes[i]
                product.complexes[i] = (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
            }
            fftwf_execute_dft_c2r(FourierPlans.shared.backward, product.complexes, space.reals)
            for v in 0..<h {
                for u in 0..<w where scale[v * step + u] > 0 {
                    let score = space.reals[v * n + u] * scale[v * step + u]
                    if score > scores[v * step + u] { scores[v * step + u] = score; which[v * step + u] = UInt8(t) }
                }
            }
        }
        return (scores, which)
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

/// FFTW's plans for one tile size, made once (FFTW's planner is not thread-safe; executing a plan on other
/// arrays of the same alignment is).
final class FourierPlans: Sendable {
    static let shared = FourierPlans(size: TemplateCorrelation.size)
    nonisolated(unsafe) let forward: fftwf_plan
    nonisolated(unsafe) let backward: fftwf_plan

    private init(size n: Int) {
        let space = FourierBuffer(reals: n * n), spectrum = FourierBuffer(complexes: n * (n / 2 + 1))
        forward = fftwf_plan_dft_r2c_2d(Int32(n), Int32(n), space.reals, spectrum.complexes, UInt32(FFTW_ESTIMATE))
        backward = fftwf_plan_dft_c2r_2d(Int32(n), Int32(n), spectrum.complexes, space.reals, UInt32(FFTW_ESTIMATE))
    }
}

/// An array allocated by FFTW (aligned as its plans expect), freed with the buffer.
final class FourierBuffer: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    let reals: UnsafeMutablePointer<Float>
    let complexes: UnsafeMutablePointer<fftwf_complex>

    convenience init(reals count: Int) { self.init(bytes: count * MemoryLayout<Float>.stride) }
    convenience init(complexes count: Int) { self.init(bytes: count * MemoryLayout<fftwf_complex>.stride) }

    private init(bytes: Int) {
        raw = fftwf_malloc(bytes)!
        reals = raw.assumingMemoryBound(to: Float.self)
        complexes = raw.assumingMemoryBound(to: fftwf_complex.self)
    }

    deinit { fftwf_free(raw) }
}
