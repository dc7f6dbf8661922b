@testable import CMIRKit
import Foundation
import Testing

@Suite struct BinaryPackingTests {
    @Test func descriptorsSurviveTheEightBitCodeWithinHalfAStepOfTheirRowsLargestValue() throws {
        var random = SeededRandom(seed: 9)
        let columns = 64
        var values = (0..<(5 * columns)).map { _ in Float(random.uniform(-1, 1)) }
        values.replaceSubrange(columns..<(2 * columns), with: repeatElement(0, count: columns))  // an all-zero row
        values.replaceSubrange((2 * columns)..<(3 * columns), with: values[0..<columns].map { $0 * 1e-3 })  // a faint row
        let matrix = DescriptorMatrix(rows: 5, columns: columns, values: values)
        let data = BinaryPacking.pack(descriptors: matrix)
        #expect(data.count == 5 * (4 + columns))
        let decoded = try BinaryPacking.unpackDescriptors(data, columns: columns)
        #expect(decoded.rows == 5 && decoded.columns == columns)
        for row in 0..<5 {
            let original = matrix.row(row), restored = decoded.row(row)
            let largest = original.map(abs).max() ?? 0
            #expect(zip(original, restored).allSatisfy { abs($0 - $1) <= largest / 254 + 1e-9 }, "row \(row)")
        }
        #expect(decoded.row(1).allSatisfy { $0 == 0 })
    }

    @Test func aDescriptorBlobOfTheWrongLengthIsRefused() {
        #expect(throws: CMIRError.self) { try BinaryPacking.unpackDescriptors(Data(count: 67), columns: 64) }
        #expect(throws: CMIRError.self) { try BinaryPacking.unpackDescriptors(Data(count: 68), columns: 0) }
    }
}
