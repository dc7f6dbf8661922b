/// Splits an element-wise loop over the workers in contiguous ranges.
enum Chunks {
    static func forEach(_ count: Int, _ body: (Range<Int>) -> Void) {
        let parts = count < 65_536 ? 1 : NetworkThreads.workers
        let size = (count + parts - 1) / parts
        NetworkThreads.forEach(parts) { part in
            let start = part * size
            if start < count { body(start..<min(count, start + size)) }
        }
    }
}
