import CMalloc

/// How the browser's heap gives memory back. Slide views are assembled in blocks of tens of megabytes on the
/// thumbnail workers; glibc would raise its mmap threshold after the first such block is freed and serve the rest
/// from arenas that fragment and grow while the user pans. A fixed 1 MB threshold maps every large block and unmaps
/// it on free (docs/decisions.md, "The browser's heap").
enum HeapSettings {
    static func returnLargeBlocksToTheSystem() {
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
    }
}
