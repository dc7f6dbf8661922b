/// Scratch memory reused across layers and iterations, one region per worker thread.
/// im2col buffers are large (in x 9 x height x width values); allocating them afresh for every image and layer
/// costs more in page faults than the convolution itself, so a network keeps one workspace and the layers borrow it.
final class Workspace<T: NetworkScalar>: @unchecked Sendable {
    private var regions: [UnsafeMutablePointer<T>] = []
    private var capacity = 0

    init() {}

    /// One region of at least `count` values per worker; valid until the next call. Call outside parallel code.
    func regions(count: Int) -> [UnsafeMutablePointer<T>] {
        if count > capacity {
            release()
            regions = (0..<ParallelMap.workers).map { _ in UnsafeMutablePointer<T>.allocate(capacity: count) }
            capacity = count
        }
        return regions
    }

    private func release() {
        for region in regions { region.deallocate() }
        regions = []
        capacity = 0
    }

    deinit { release() }
}
