import CFFTW

/// An array allocated by FFTW (aligned as its plans expect), freed with the buffer; `reals` and `complexes` are
/// two views of the same memory.
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
