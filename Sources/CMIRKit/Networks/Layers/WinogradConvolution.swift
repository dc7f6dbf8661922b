/// A 3 x 3 convolution at inference by Winograd's minimal filtering F(2 x 2, 3 x 3) (Lavin & Gray 2016): each 2 x 2
/// block of outputs comes from the 4 x 4 block of inputs around it with 16 multiplications per input and output
/// channel instead of 36. Per band of output rows the input blocks are transformed (V = B^T d B), multiplied with
/// the transformed weights (U = G g G^T) in 16 matrix products over the channels, one per position in the 4 x 4
/// block (M = U V), and transformed back (Y = A^T M A). Zero padding as the im2col path, whose results it matches
/// up to float rounding; the unfolded input is 4 values per pixel and channel instead of 9.
enum WinogradConvolution {
    /// Largest band of transformed inputs and products per worker, in values (4 MB of floats): each of the 16
    /// products then works on a sixteenth of it, within a core's cache.
    static let bandBudget = 1 << 20

    /// Output rows per band (even, so bands start on a block row) within the budget.
    static func bandRows(inputs: Int, outputs: Int, width: Int) -> Int {
        max(2, bandBudget / (4 * (inputs + outputs) * max(width, 1)) & ~1)
    }

    /// Scratch values one worker needs for a band of `rows` output rows.
    static func scratchCount(inputs: Int, outputs: Int, rows: Int, width: Int) -> Int {
        let columns = paddedBlockColumns(width: width)
        return 16 * (inputs + outputs) * ((rows + 1) / 2) * columns + 16 * lineLength(width: width) + 4 * columns
    }

    /// Blocks per block row, rounded up to whole vectors: the transforms run eight blocks at a time, and the
    /// products' extra columns (of zero input) cost less than a scalar tail.
    private static func paddedBlockColumns(width: Int) -> Int { ((width + 1) / 2 + 7) / 8 * 8 }

    /// An input row's even or odd columns (with one zero in front of the row), with room for a vector beyond.
    private static func lineLength(width: Int) -> Int { paddedBlockColumns(width: width) + 8 }

    /// U = G g G^T of every output and input channel's kernel g (weights laid out [outputs][inputs][3][3]), as 16
    /// row-major outputs x inputs matrices, one per block position.
    static func transformedWeights<T: NetworkScalar>(_ weight: [T], inputs: Int, outputs: Int) -> [T] {
        var u = [T](repeating: 0, count: 16 * outputs * inputs)
        let half = T(1) / 2
        // The rows of G x (x three values): x0, (x0 + x1 + x2) / 2, (x0 - x1 + x2) / 2, x2.
        func g(_ x0: T, _ x1: T, _ x2: T) -> (T, T, T, T) { (x0, (x0 + x1 + x2) * half, (x0 - x1 + x2) * half, x2) }
        for o in 0..<outputs {
            for c in 0..<inputs {
                let w = (o * inputs + c) * 9
                // G g, column by column of the kernel, then each of its four rows times G^T.
                let a = g(weight[w], weight[w + 3], weight[w + 6])
                let b = g(weight[w + 1], weight[w + 4], weight[w + 7])
                let d = g(weight[w + 2], weight[w + 5], weight[w + 8])
                func store(_ i: Int, _ row: (T, T, T, T)) {
                    let at = (i * 4 * outputs + o) * inputs + c, step = outputs * inputs
                    u[at] = row.0; u[at + step] = row.1; u[at + 2 * step] = row.2; u[at + 3 * step] = row.3
                }
                store(0, g(a.0, b.0, d.0)); store(1, g(a.1, b.1, d.1)); store(2, g(a.2, b.2, d.2)); store(3, g(a.3, b.3, d.3))
            }
        }
        return u
    }

    /// Output rows `rows` (before any bias or epilogue) of one image: `source` is inputs x height x width, `target`
    /// the first output row of the band, output channels `plane` values apart; `weights` from `transformedWeights`.
    static func band<T: NetworkScalar>(_ source: UnsafePointer<T>, inputs: Int, height: Int, width: Int, rows: Range<Int>,
                                       weights: UnsafePointer<T>, outputs: Int, target: UnsafeMutablePointer<T>, plane: Int,
                                       scratch: UnsafeMutablePointer<T>) {
        let blockRows = (rows.count + 1) / 2, columns = paddedBlockColumns(width: width), blocks = blockRows * columns
        let line = lineLength(width: width)
        let v = scratch, m = v + 16 * inputs * blocks, lines = m + 16 * outputs * blocks, results = lines + 16 * line
        // Block bx reads padded columns 2 bx ..< 2 bx + 4, i.e. even[bx], odd[bx], even[bx + 1], odd[bx + 1], where
        // even[k] is input column 2 k - 1 and odd[k] input column 2 k (zero outside the image).
        let even = lines, odd = lines + 4 * line, turnedEven = lines + 8 * line, turnedOdd = lines + 12 * line
        for c in 0..<inputs {
            let channel = source + c * height * width
            for by in 0..<blockRows {
                for i in 0..<4 {
                    let e = even + i * line, o = odd + i * line, y = rows.lowerBound + 2 * by - 1 + i
                    e.update(repeating: 0, count: line)
                    o.update(repeating: 0, count: line)
                    guard y >= 0 && y < height else { continue }
                    let row = channel + y * width
                    var x = 0
                    while x + 16 <= width {
                        let pair = UnsafeRawPointer(row + x).loadUnaligned(as: SIMD16<T>.self)
                        store(pair.evenHalf, o + x / 2)
                        store(pair.oddHalf, e + x / 2 + 1)
                        x += 16
                    }
                    for x in x..<width { if x % 2 == 0 { o[x / 2] = row[x] } else { e[x / 2 + 1] = row[x] } }
                }
                // B^T d down the rows: d0 - d2, d1 + d2, d2 - d1, d1 - d3.
                func turnRows(_ from: UnsafeMutablePointer<T>, into to: UnsafeMutablePointer<T>) {
                    vectorLoop(line) { k in
                        let d0 = load(from + k), d1 = load(from + line + k), d2 = load(from + 2 * line + k), d3 = load(from + 3 * line + k)
                        store(d0 - d2, to + k); store(d1 + d2, to + line + k); store(d2 - d1, to + 2 * line + k); store(d1 - d3, to + 3 * line + k)
                    }
                }
                turnRows(even, into: turnedEven)
                turnRows(odd, into: turnedOdd)
                // Then (B^T d) B along each row, into the 16 positions' matrices.
                let step = inputs * blocks
                for i in 0..<4 {
                    let te = turnedEven + i * line, to = turnedOdd + i * line
                    let out = v + (i * 4 * inputs + c) * blocks + by * columns
                    vectorLoop(columns) { bx in
                        let e0 = load(te + bx), e1 = load(te + bx + 1), o0 = load(to + bx), o1 = load(to + bx + 1)
                        store(e0 - e1, out + bx); store(o0 + e1, out + step + bx)
                        store(e1 - o0, out + 2 * step + bx); store(o0 - o1, out + 3 * step + bx)
                    }
                }
            }
        }
        for position in 0..<16 {
            T.gemm(transposeA: false, transposeB: false, m: outputs, n: blocks, k: inputs, alpha: 1,
                   a: weights + position * outputs * inputs, lda: inputs, b: v + position * inputs * blocks, ldb: blocks,
                   beta: 0, c: m + position * outputs * blocks, ldc: blocks)
        }
        // Y = A^T M A: rows (m0 + m1 + m2, m1 - m2 - m3) of the 4 x 4 block, then the same along its columns; the
        // four outputs of each block go through `results` and are then interleaved into the output rows.
        let step = outputs * blocks
        for o in 0..<outputs {
            for by in 0..<blockRows {
                let e = m + o * blocks + by * columns
                vectorLoop(columns) { bx in
                    func at(_ p: Int) -> SIMD8<T> { load(e + p * step + bx) }
                    let e4 = at(4), e5 = at(5), e6 = at(6), e7 = at(7), e8 = at(8), e9 = at(9), e10 = at(10), e11 = at(11)
                    let s0 = at(0) + e4 + e8, s1 = at(1) + e5 + e9, s2 = at(2) + e6 + e10, s3 = at(3) + e7 + e11
                    let s4 = e4 - e8 - at(12), s5 = e5 - e9 - at(13), s6 = e6 - e10 - at(14), s7 = e7 - e11 - at(15)
                    store(s0 + s1 + s2, results + bx); store(s1 - s2 - s3, results + columns + bx)
                    store(s4 + s5 + s6, results + 2 * columns + bx); store(s5 - s6 - s7, results + 3 * columns + bx)
                }
                for r in 0..<min(2, rows.count - 2 * by) {
                    let out = target + o * plane + (2 * by + r) * width, first = results + 2 * r * columns
                    var x = 0
                    while x + 16 <= width {
                        var pair = SIMD16<T>()
                        pair.evenHalf = load(first + x / 2)
                        pair.oddHalf = load(first + columns + x / 2)
                        UnsafeMutableRawPointer(out + x).storeBytes(of: pair, as: SIMD16<T>.self)
                        x += 16
                    }
                    for x in x..<width { out[x] = first[(x % 2) * columns + x / 2] }
                }
            }
        }
    }

    /// `body` for 0, 8, 16, ... below `count` (a multiple of 8 wherever it is called).
    @inline(__always)
    private static func vectorLoop(_ count: Int, _ body: (Int) -> Void) {
        for k in stride(from: 0, to: count, by: 8) { body(k) }
    }

    @inline(__always)
    private static func load<T: NetworkScalar>(_ p: UnsafeMutablePointer<T>) -> SIMD8<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
    }

    @inline(__always)
    private static func store<T: NetworkScalar>(_ value: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD8<T>.self)
    }
}
