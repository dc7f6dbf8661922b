/// Descriptors as the index stores them: one signed byte per value and one scale per row (value = code x
/// scale). Kept in this form in memory where a whole repository's descriptors must fit.
struct DescriptorCodes: Sendable, Equatable {
    let columns: Int
    /// Row-major, `columns` codes per row.
    let codes: [Int8]
    /// Per row: the factor that turns a code into a value.
    let scales: [Float]

    var rows: Int { scales.count }

    /// The float values.
    func decoded() -> DescriptorMatrix {
        var values = [Float](repeating: 0, count: codes.count)
        for row in 0..<rows {
            for j in 0..<columns { values[row * columns + j] = Float(codes[row * columns + j]) * scales[row] }
        }
        return DescriptorMatrix(rows: rows, columns: columns, values: values)
    }
}
