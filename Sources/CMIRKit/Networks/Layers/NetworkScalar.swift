import CBLAS

/// The number type a network computes in. Training and inference use `Float`; the gradient tests run the very
/// same layer code in `Double`, so finite differences there measure the implementation, not Float rounding.
/// Each scalar brings its BLAS matrix product (`sgemm` / `dgemm`), the only heavy kernel of the library, and
/// SIMD vectors for the reductions the compiler would not vectorise on its own.
public protocol NetworkScalar: BinaryFloatingPoint, SIMDScalar, Sendable where RawSignificand: FixedWidthInteger {
    /// C = alpha * op(A) * op(B) + beta * C, row-major, as cblas_?gemm.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// `gradient` where the ReLU's `output` is positive, else 0, on eight lanes. Written per concrete type: the
    /// generic SIMD comparison and select compile to lane-by-lane code.
    static func rectified(_ gradient: SIMD8<Self>, where output: SIMD8<Self>) -> SIMD8<Self>
}

extension Float: NetworkScalar {
    @inline(__always)
    public static func rectified(_ gradient: SIMD8<Float>, where output: SIMD8<Float>) -> SIMD8<Float> {
        gradient.replacing(with: 0, where: output .<= 0)
    }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = blasPinnedToOneThread
        let beta = clearedForProduct(c, m: m, n: n, ldc: ldc, beta: beta)
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double: NetworkScalar {
    @inline(__always)
    public static func rectified(_ gradient: SIMD8<Double>, where output: SIMD8<Double>) -> SIMD8<Double> {
        gradient.replacing(with: 0, where: output .<= 0)
    }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        _ = blasPinnedToOneThread
        let beta = clearedForProduct(c, m: m, n: n, ldc: ldc, beta: beta)
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension NetworkScalar {
    /// For beta 0, sets the m x n block of the row-major C (rows `ldc` apart) to zero and returns 1 as the beta to
    /// pass on; any other beta unchanged. OpenBLAS clears C for beta 0 one value at a time (`sgemm_beta`, a tenth of
    /// slide indexing's samples, whose Winograd products have few input channels); a cleared C with beta 1 skips
    /// that pass, and clearing whole rows here runs at memset speed.
    @inline(__always)
    static func clearedForProduct(_ c: UnsafeMutablePointer<Self>, m: Int, n: Int, ldc: Int, beta: Self) -> Self {
        guard beta == 0 else { return beta }
        if ldc == n {
            c.update(repeating: 0, count: m * n)
        } else {
            for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) }
        }
        return 1
    }
}

/// The layers split their work over the cores themselves (`ParallelMap`), so the networks' products run on one
/// OpenBLAS thread: its own threads on top of ours would only oversubscribe the cores, and the many small
/// products of a U-Net parallelise poorly inside BLAS. Applied before a network's first product.
private let blasPinnedToOneThread: Void = openblas_set_num_threads(1)
