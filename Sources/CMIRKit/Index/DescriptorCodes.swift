/// Descriptors as the index stores them: per row, `bytesPerRow` product-quantiser bytes coding the descriptor's
/// difference from its visual word (`DescriptorCoder`). Kept in this form in memory, where a whole repository's
/// descriptors must fit.
struct DescriptorCodes: Sendable, Equatable {
    let bytesPerRow: Int
    /// Row-major, `bytesPerRow` per row.
    let bytes: [UInt8]

    var rows: Int { bytesPerRow > 0 ? bytes.count / bytesPerRow : 0 }

    /// The rows at `indices`, in that order.
    func rows(at indices: [Int]) -> DescriptorCodes {
        var picked: [UInt8] = []
        picked.reserveCapacity(indices.count * bytesPerRow)
        for i in indices { picked += bytes[(i * bytesPerRow)..<((i + 1) * bytesPerRow)] }
        return DescriptorCodes(bytesPerRow: bytesPerRow, bytes: picked)
    }
}
