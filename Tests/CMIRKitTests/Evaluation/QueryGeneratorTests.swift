@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct QueryGeneratorTests {
    /// A gray image with one bright 3 x 3 mark centred on (mx, my) and a darker frame as its border.
    static func marked(width: Int, height: Int, mx: Int, my: Int) -> Image {
        var image = Image(width: width, height: height, channels: 1, filledWith: 0.4)
        for x in 0..<width { image[x, 0, 0] = 0.1; image[x, height - 1, 0] = 0.1 }
        for y in 0..<height { image[0, y, 0] = 0.1; image[width - 1, y, 0] = 0.1 }
        for y in (my - 1)...(my + 1) { for x in (mx - 1)...(mx + 1) { image[x, y, 0] = 1 } }
        return image
    }

    static func brightest(_ image: Image) -> (x: Int, y: Int) {
        let i = image.pixels.indices.max { image.pixels[$0] < image.pixels[$1] }!
        return (i % image.width, i / image.width)
    }

    @Test func theTransformInTheCSVMapsAMarkedPointToWhereItIs() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try ImageFile.save(Self.marked(width: 121, height: 101, mx: 45, my: 40), to: source.appendingPathComponent("m.png").path)
        var checked = 0
        for seed: UInt64 in 1...6 {
            for patch in [0, 60] {
                let out = folder.appendingPathComponent("q\(seed)-\(patch)")
                try QueryGenerator(rotate: 30, shift: 20, patch: patch, seed: seed)
                    .generate(sourceDirectory: source.path, outputDirectory: out.path, names: ["m"])
                let transform = try #require(try TransformTable.parse(
                    String(contentsOf: out.appendingPathComponent("transforms.csv"), encoding: .utf8)).first)
                let query = try ImageFile.load(out.appendingPathComponent("m.png").path).image
                #expect(query.width == (patch > 0 ? patch : 121))
                let expected = transform.map(x: 45, y: 40, width: 121, height: 101)
                guard expected.x >= 2, expected.y >= 2, expected.x < Double(query.width - 2), expected.y < Double(query.height - 2) else { continue }
                let found = Self.brightest(query)
                #expect(abs(Double(found.x) - expected.x) <= 1 && abs(Double(found.y) - expected.y) <= 1,
                        "seed \(seed) patch \(patch): mark at \(found), transforms.csv says \(expected)")
                checked += 1
            }
        }
        #expect(checked >= 9, "too few transforms kept the mark inside the query")
    }

    @Test func rotationIsCounterClockwiseAsDisplayed() {
        // 90 degrees counter-clockwise on screen (y down) takes a point right of the centre to above it.
        let t = QueryTransform(name: "r", angleDegrees: 90, tx: 0, ty: 0, patch: 0)
        let p = t.map(x: 60, y: 50, width: 101, height: 101)
        #expect(abs(p.x - 50) < 1e-9 && abs(p.y - 40) < 1e-9)
    }

    @Test func uncoveredCanvasTakesTheBorderMedian() throws {
        let source = Self.marked(width: 80, height: 80, mx: 40, my: 40)
        #expect(QueryGenerator.borderMedian(of: source) == [0.1])
        let query = try QueryGenerator(seed: 1).render(source, with: QueryTransform(name: "s", angleDegrees: 0, tx: 30, ty: 0, patch: 0))
        #expect(abs(query[5, 40, 0] - 0.1) < 1e-6)
        #expect(abs(query[50, 40, 0] - 0.4) < 1e-6)
    }

    @Test func drawsStayInTheirRangesAndDependOnTheSeed() {
        let names = (0..<200).map { "n\($0)" }
        let transforms = QueryGenerator(rotate: 30, shift: 60, seed: 7).transforms(for: names)
        #expect(transforms.allSatisfy { abs($0.angleDegrees) <= 30 && abs($0.tx) <= 60 && abs($0.ty) <= 60 })
        #expect(transforms.map(\.angleDegrees).max()! > 25 && transforms.map(\.angleDegrees).min()! < -25)
        #expect(transforms == QueryGenerator(rotate: 30, shift: 60, seed: 7).transforms(for: names))
        #expect(transforms != QueryGenerator(rotate: 30, shift: 60, seed: 8).transforms(for: names))
    }

    @Test func generatingTwiceWithOneSeedWritesTheSameFilesAndTable() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("src")
        try TexturedImages.writeFolder(source, count: 3)
        let names = ["img2", "img0"]
        for run in ["a", "b"] {
            try QueryGenerator(patch: 64, seed: 3).generate(sourceDirectory: source.path,
                                                            outputDirectory: folder.appendingPathComponent(run).path, names: names)
        }
        for file in ["img2.png", "img0.png", "transforms.csv"] {
            let a = FileManager.default.contents(atPath: folder.appendingPathComponent("a/\(file)").path)
            let b = FileManager.default.contents(atPath: folder.appendingPathComponent("b/\(file)").path)
            #expect(a != nil && a == b, "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a/img1.png").path))
        let table = try TransformTable.parse(String(contentsOf: folder.appendingPathComponent("a/transforms.csv"), encoding: .utf8))
        #expect(table.map(\.name) == names && table.allSatisfy { $0.patch == 64 })
        #expect(try ImageFile.load(folder.appendingPathComponent("a/img0.png").path).image.width == 64)
        #expect(throws: CMIRError.self) {
            try QueryGenerator(seed: 3).generate(sourceDirectory: source.path, outputDirectory: folder.appendingPathComponent("c").path,
                                                 names: ["img0", "nope"])
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("c/img0.png").path))
    }

    @Test func transformTableRoundTripsAwkwardNames() throws {
        let rows = [QueryTransform(name: "sa stroma, \"x\" 2000 - 86", angleDegrees: -12.5, tx: 3.25, ty: -59.75, patch: 160),
                    QueryTransform(name: "1B_A1", angleDegrees: 0, tx: 0, ty: 0, patch: 0)]
        let text = TransformTable.csv(rows)
        #expect(text.hasPrefix("name,angle_deg,tx,ty,patch\n"))
        #expect(try TransformTable.parse(text) == rows)
        #expect(throws: CMIRError.self) { try TransformTable.parse("name,angle\nx,1\n") }
    }
}

@Suite struct QueryNameListTests {
    @Test func aPlainListGivesEveryStemOnce() throws {
        #expect(try QueryNameList.parse("a\n\n b c \r\na\n", source: "f") == ["a", "b c"])
    }

    @Test func aSplitsTableGivesItsTestRows() throws {
        let text = "name,split\n1B_A1,train\n1B_B7,test\n\"sa, x\",test\n"
        #expect(try QueryNameList.parse(text, source: "f") == ["1B_B7", "sa, x"])
        #expect(throws: CMIRError.self) { try QueryNameList.parse("name,split\na,train\n", source: "f") }
        #expect(throws: CMIRError.self) { try QueryNameList.parse("\n\n", source: "f") }
    }

    @Test(.enabled(if: TestImages.sharedData != nil, "needs ../shared/data/bf-shg"))
    func theSharedSplitsHaveTwentyTestNames() throws {
        let names = try QueryNameList.load(try #require(TestImages.sharedData).appendingPathComponent("splits.csv").path)
        #expect(names.count == 20)
    }
}

@Suite struct RetrievalMetricsTests {
    @Test func accuracyAndMeanReciprocalRankFromRanks() {
        let ranks: [String: Int?] = ["a": 1, "b": 3, "c": nil as Int?, "d": 12]
        let metrics = RetrievalMetrics(ranks: ranks)
        #expect(metrics.queries == 4)
        let accuracies: [Double] = RetrievalMetrics.cutoffs.map { metrics.accuracy(at: $0) }
        #expect(accuracies == [25, 50, 50, 75])
        let expected: Double = (1 + 1.0 / 3 + 1.0 / 12) / 4
        #expect(abs(metrics.meanReciprocalRank - expected) < 1e-12)
        #expect(RetrievalMetrics(ranks: [:]).accuracy(at: 1) == 0)
    }
}
