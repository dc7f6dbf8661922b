/// Descriptors as one row-major float matrix (one descriptor per row): the layout BLAS multiplies.
public struct DescriptorMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "matrix values do not match its shape")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The descriptors of `features`, which must all have `columns` values.
    public init(features: [Feature], columns: Int) {
        var values = [Float]()
        values.reserveCapacity(features.count * columns)
        for feature in features {
            precondition(feature.descriptor.count == columns, "descriptor length differs from the extractor's")
            values.append(contentsOf: feature.descriptor)
        }
        self.init(rows: features.count, columns: columns, values: values)
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] { Array(values[(i * columns)..<((i + 1) * columns)]) }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> DescriptorMatrix {
        var out = [Float](repeating: 0, count: indices.count * columns)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    for j in 0..<columns { dst[k * columns + j] = src[i * columns + j] }
                }
            }
        }
        return DescriptorMatrix(rows: indices.count, columns: columns, values: out)
    }

    /// Squared Euclidean length of every row.
    public func squaredRowNorms() -> [Float] {
        var norms = [Float](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { v in
            for i in 0..<rows {
                var s: Float = 0
                for j in 0..<columns { let x = v[i * columns + j]; s += x * x }
                norms[i] = s
            }
        }
        return norms
    }
}
