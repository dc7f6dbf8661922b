@testable import CMIRKit
import Testing

@Suite struct ProductQuantizerTests {
    static func random(rows: Int, columns: Int, seed: UInt64) -> DescriptorMatrix {
        var random = SeededRandom(seed: seed)
        return DescriptorMatrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(random.uniform(-1, 1)) })
    }

    static func decoded(_ quantizer: ProductQuantizer, _ codes: [UInt8], row: Int) -> [Float] {
        var out = [Float](repeating: 0, count: quantizer.dimension)
        codes.withUnsafeBufferPointer { bytes in
            out.withUnsafeMutableBufferPointer { o in
                quantizer.addDecoded(UnsafeBufferPointer(rebasing: bytes[(row * quantizer.subspaces)..<((row + 1) * quantizer.subspaces)]),
                                     to: o.baseAddress!)
            }
        }
        return out
    }

    @Test func fewerDistinctValuesThanCentroidsAreCodedExactly() {
        // 40 distinct rows: every part has fewer than 256 distinct values, so each becomes a centroid.
        let data = Self.random(rows: 40, columns: 8, seed: 3)
        let quantizer = ProductQuantizer.train(data, subspaces: 4, seed: 1)
        #expect(quantizer.codebooks.count == 8 * 256)
        let codes = quantizer.encode(data)
        #expect(codes.count == 40 * 4)
        for row in 0..<40 {
            #expect(zip(Self.decoded(quantizer, codes, row: row), data.row(row)).allSatisfy { abs($0 - $1) < 1e-5 }, "row \(row)")
        }
    }

    @Test func codesOfManyRowsLoseLittleOfTheirSpread() {
        let data = Self.random(rows: 4_000, columns: 16, seed: 5)
        let quantizer = ProductQuantizer.train(data, subspaces: 8, seed: 1)
        let codes = quantizer.encode(data)
        var error: Float = 0, spread: Float = 0
        for row in 0..<data.rows {
            for (a, b) in zip(Self.decoded(quantizer, codes, row: row), data.row(row)) { error += (a - b) * (a - b); spread += b * b }
        }
        // 256 centroids for 2-dimensional uniform parts: about 1/256 of the variance remains.
        #expect(error < spread * 0.02, "\(error) of \(spread)")
    }

    @Test func dotProductTablesSumToTheDotProductWithTheDecodedVector() {
        let data = Self.random(rows: 300, columns: 12, seed: 7)
        let quantizer = ProductQuantizer.train(data, subspaces: 3, seed: 2)
        let codes = quantizer.encode(data)
        let queries = Self.random(rows: 2, columns: 12, seed: 8)
        var tables = [Float](repeating: 0, count: 2 * 3 * 256)
        queries.values.withUnsafeBufferPointer { q in
            tables.withUnsafeMutableBufferPointer { quantizer.dotProducts(q.baseAddress!, count: 2, into: $0.baseAddress!) }
        }
        for query in 0..<2 {
            for row in [0, 17, 299] {
                let table = (0..<3).reduce(Float(0)) { $0 + tables[query * 768 + $1 * 256 + Int(codes[row * 3 + $1])] }
                let exact = zip(queries.row(query), Self.decoded(quantizer, codes, row: row)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                #expect(abs(table - exact) < 1e-4, "query \(query) row \(row): \(table) vs \(exact)")
            }
        }
    }

    @Test func storedCodebooksOfTheWrongShapeOrNotFiniteAreRefused() {
        #expect(throws: CMIRError.self) { try ProductQuantizer(validating: [Float](repeating: 0, count: 8 * 256), subspaces: 3, dimension: 8) }
        #expect(throws: CMIRError.self) { try ProductQuantizer(validating: [Float](repeating: 0, count: 100), subspaces: 4, dimension: 8) }
        #expect(throws: CMIRError.self) { try ProductQuantizer(validating: [Float](repeating: .nan, count: 8 * 256), subspaces: 4, dimension: 8) }
        #expect(throws: CMIRError.self) { try ProductQuantizer(validating: [], subspaces: 0, dimension: 0) }
    }
}
