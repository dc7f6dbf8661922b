import CMalloc

/// How the browser's heap gives memory back. Slide views are assembled in blocks of tens of megabytes on the
/// thumbnail workers; glibc would raise its mmap threshold after the first such block is freed and serve the rest
/// from arenas that fragment and keep growing while the user pans (a peak of 625 MB after 100 steps against 421 MB
/// with a fixed threshold, bench/slide-viewer.md). A fixed 1 MB threshold maps every large block and unmaps it on free.
enum HeapSettings {
    static func returnLargeBlocksToTheSystem() {
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
    }
}
