#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for large fresh buffers. glibc serves blocks of many megabytes (a tile's activations)
/// from fresh mappings and unmaps them when freed, so each new activation is faulted in again, 4 kB at a time;
/// asking for 2 MB pages before the first touch makes that 512 times fewer faults (bench/RESULTS.md, section 5,
/// indexing throughput). Only advice: where the kernel gives no huge pages nothing changes.
enum HugePages {
    static let size = 2 << 20

    /// Advises huge pages for the whole 2 MB pages inside `buffer`; buffers under 4 MB are left alone.
    static func request(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        guard let base = buffer.baseAddress, buffer.count >= 2 * size else { return }
        let start = (UInt(bitPattern: base) + UInt(size - 1)) & ~UInt(size - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~UInt(size - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
