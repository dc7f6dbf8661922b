/// Product quantisation (Jégou, Douze & Schmid 2011): a vector is cut into `subspaces` equal parts and each part
/// is replaced by the index of its nearest of 256 centroids learnt for that part, one byte per part. Distances
/// to a coded vector are then table look-ups: for a query, its dot products with every centroid of every part
/// (`dotProducts`) are computed once and a coded vector's dot product is the sum of one entry per part.
public struct ProductQuantizer: Sendable, Equatable {
    public static let centroidsPerSubspace = 256
    public let subspaces: Int
    public let dimension: Int
    /// Per subspace, its 256 centroids of `dimension / subspaces` values each: subspace-major, then centroid.
    public let codebooks: [Float]

    public var subspaceDimension: Int { dimension / subspaces }

    /// Codebooks as stored; throws `.input` naming what is wrong when they cannot be product codebooks.
    public init(validating codebooks: [Float], subspaces: Int, dimension: Int) throws {
        guard subspaces > 0, dimension > 0, dimension % subspaces == 0,
              codebooks.count == dimension * Self.centroidsPerSubspace, codebooks.allSatisfy(\.isFinite) else {
            throw CMIRError.input("product codebooks of an impossible shape (\(subspaces) parts of \(dimension) values, \(codebooks.count) values stored)")
        }
        self.init(subspaces: subspaces, dimension: dimension, codebooks: codebooks)
    }

    private init(subspaces: Int, dimension: Int, codebooks: [Float]) {
        self.subspaces = subspaces
        self.dimension = dimension
        self.codebooks = codebooks
    }

    /// Learns the codebooks of each part with k-means on the rows of `data`. A part with fewer than 256 distinct
    /// values repeats its last centroid, so every code byte stays meaningful.
    public static func train(_ data: DescriptorMatrix, subspaces: Int, seed: UInt64) -> ProductQuantizer {
        precondition(data.rows > 0 && data.columns % subspaces == 0, "product quantisation needs rows that split evenly")
        let width = data.columns / subspaces
        var codebooks: [Float] = []
        codebooks.reserveCapacity(data.columns * centroidsPerSubspace)
        for part in 0..<subspaces {
            let slice = subspace(part, of: data, width: width)
            let centroids = KMeans(clusterCount: centroidsPerSubspace, seed: seed &+ UInt64(part)).train(slice)
            codebooks += centroids.values
            for _ in centroids.rows..<centroidsPerSubspace { codebooks += centroids.row(centroids.rows - 1) }
        }
        return ProductQuantizer(subspaces: subspaces, dimension: data.columns, codebooks: codebooks)
    }

    /// The code of every row: `subspaces` bytes per row, row-major.
    public func encode(_ data: DescriptorMatrix) -> [UInt8] {
        precondition(data.columns == dimension, "vectors do not fit the codebooks")
        var codes = [UInt8](repeating: 0, count: data.rows * subspaces)
        for part in 0..<subspaces {
            let search = NearestCentroidSearch(centroids: codebook(part))
            for (row, index) in search.assign(Self.subspace(part, of: data, width: subspaceDimension)).indices.enumerated() {
                codes[row * subspaces + part] = UInt8(index)
            }
        }
        return codes
    }

    /// Adds the vector coded by `code` (`subspaces` bytes) to `output` (`dimension` values).
    public func addDecoded(_ code: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<Float>) {
        let width = subspaceDimension
        codebooks.withUnsafeBufferPointer { books in
            for part in 0..<subspaces {
                let centroid = books.baseAddress! + (part * Self.centroidsPerSubspace + Int(code[part])) * width
                for j in 0..<width { output[part * width + j] += centroid[j] }
            }
        }
    }

    /// For each of `count` vectors at `vectors` (`dimension` values each), its dot product with every centroid of
    /// every part, into `tables`: per vector `subspaces` x 256 floats. One matrix product per part.
    public func dotProducts(_ vectors: UnsafePointer<Float>, count: Int, into tables: UnsafeMutablePointer<Float>) {
        let width = subspaceDimension, stride = subspaces * Self.centroidsPerSubspace
        codebooks.withUnsafeBufferPointer { books in
            for part in 0..<subspaces {
                // tables[v][part][k] = vectors[v][part] . books[part][k]
                Float.gemm(transposeA: false, transposeB: true, m: count, n: Self.centroidsPerSubspace, k: width, alpha: 1,
                           a: vectors + part * width, lda: dimension, b: books.baseAddress! + part * Self.centroidsPerSubspace * width,
                           ldb: width, beta: 0, c: tables + part * Self.centroidsPerSubspace, ldc: stride)
            }
        }
    }

    private func codebook(_ part: Int) -> DescriptorMatrix {
        let size = Self.centroidsPerSubspace * subspaceDimension
        return DescriptorMatrix(rows: Self.centroidsPerSubspace, columns: subspaceDimension,
                                values: Array(codebooks[(part * size)..<((part + 1) * size)]))
    }

    private static func subspace(_ part: Int, of data: DescriptorMatrix, width: Int) -> DescriptorMatrix {
        var values = [Float](repeating: 0, count: data.rows * width)
        for row in 0..<data.rows {
            for j in 0..<width { values[row * width + j] = data.values[row * data.columns + part * width + j] }
        }
        return DescriptorMatrix(rows: data.rows, columns: width, values: values)
    }
}
