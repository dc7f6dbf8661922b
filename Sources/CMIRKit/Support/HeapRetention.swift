#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator policy for long runs that allocate and free the same large buffers over and over: training
/// (every iteration's activations and gradients) and indexing (every tissue box's activations). By default glibc
/// hands large blocks back to the kernel at once (mmap) and trims the heap top, so the next iteration or box pays a
/// page fault and a kernel zeroing for every page again (bench/comir-training.md, "Figures behind choices in the
/// network code"; docs/decisions.md, "Keeping freed memory while indexing"). Serving every block from the heap and
/// never trimming it keeps the pages mapped. Process-wide, hence applied by those runs only: a search keeps the
/// default, under which a huge query image returns its buffers to the system.
enum HeapRetention {
    /// Applies the policy once per process (no effect on other C libraries).
    static let keepsFreedMemory: Void = {
        #if canImport(Glibc)
        // mallopt(3) is not in Swift's Glibc module; look it up. Parameters from <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1, mmapMax: Int32 = -4
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapMax, 0)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }()
}
