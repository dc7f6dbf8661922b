#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator policy while training. Every iteration allocates and frees the same activations and
/// gradients; by default glibc hands blocks over 32 MB back to the kernel at once (mmap) and trims the heap top,
/// so the next iteration pays a page fault and a kernel zeroing for every 4 kB page again (bench/comir-training.md,
/// "Figures behind choices in the network code"). Serving every block from the heap and never trimming it keeps the
/// pages mapped from one iteration to the next. Process-wide, hence applied by the trainer only: inference keeps
/// the default, under which huge images return their tile buffers to the system.
enum TrainingAllocator {
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
