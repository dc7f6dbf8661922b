import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// A repository of virtual slides (and an ordinary image beside them) indexed and searched through the CLI:
/// places on slides, their JSON and GeoJSON, evaluation by a truth table, a slide without tissue.
@Suite struct SlideRetrievalCommandTests {
    /// Six cores over three slides, a slide of bare glass and an ordinary image, indexed raw with SIFT.
    struct Repository {
        let folder: URL
        let out: URL
        let index: String
        let built: CommandRunner.Result

        init() throws {
            folder = TestImages.temporaryDirectory()
            try SlideFixtures.writeSourceFolders(folder, count: 6, queries: 6, side: 192)
            out = folder.appendingPathComponent("out")
            let made = try CommandRunner.run(["make-slides", folder.appendingPathComponent("bf").path, out.path,
                                              "--names", folder.appendingPathComponent("names.txt").path, "--seed", "3",
                                              "--slides", "3", "--patch", "64", "--shg", folder.appendingPathComponent("bf").path])
            #expect(made.status == 0, "\(made.stderr)")
            let slides = out.appendingPathComponent("slides")
            let blank = VirtualSlideGenerator.Core(name: "bare", image: Image(width: 128, height: 128, channels: 3, filledWith: 1))
            try VirtualSlideGenerator(planner: VirtualSlidePlanner(slides: 1, megapixels: 0, seed: 1))
                .writeSlides(cores: [blank], queries: ["bare"], to: folder.appendingPathComponent("bare").path)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("bare/tma-1.svs"), to: slides.appendingPathComponent("bare.svs"))
            try ImageFile.save(TestImages.blobs(width: 200, height: 200, seed: 99), to: slides.appendingPathComponent("photo.png").path)
            index = folder.appendingPathComponent("slides.cmirindex").path
            built = try CommandRunner.run(["index", slides.path, "--out", index, "--features", "sift", "--vocabulary", "200"])
        }
    }

    @Test func aQueryFindsItsPlaceOnItsSlideAndTheResultsExport() throws {
        let repository = try Repository()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        #expect(repository.built.status == 0, "\(repository.built.stderr)")
        #expect(repository.built.stdout.contains("4 indexed") && repository.built.stdout.contains("1 skipped"), "\(repository.built.stdout)")
        #expect(repository.built.stderr.contains("no tissue found"), "\(repository.built.stderr)")

        let truth = try SlideTruthTable.parse(try String(contentsOf: repository.out.appendingPathComponent("truth-full.csv"), encoding: .utf8),
                                              source: "truth-full.csv")
        let row = try #require(truth.first)
        let geojson = repository.folder.appendingPathComponent("r.geojson").path
        let query = repository.out.appendingPathComponent("queries/full/\(row.query).png").path
        let result = try CommandRunner.run(["query", repository.index, query, "--rerank", "5", "--top", "3", "--json", "--geojson", geojson])
        #expect(result.status == 0, "\(result.stderr)")
        let matches = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let first = try #require(matches.first)
        #expect(first["slide"] as? String == row.slide && first["verified"] as? Bool == true, "\(first)")
        let region = try #require(first["region"] as? [String: Double])
        let error = ((region["cx"]! - row.x) * (region["cx"]! - row.x) + (region["cy"]! - row.y) * (region["cy"]! - row.y)).squareRoot()
        #expect(error < 4, "centre off by \(error) px")
        #expect((first["microns"] as? [String: Double])?["w"].map { abs($0 - region["w"]! * 0.5) < 1e-6 } == true)
        #expect(result.stderr.contains("equal pixel sizes assumed"))

        let collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: geojson))) as? [String: Any])
        let feature = try #require((collection["features"] as? [[String: Any]])?.first)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
        #expect(collection["type"] as? String == "FeatureCollection" && geometry["type"] as? String == "Polygon")
        #expect(ring.count == 5 && ring.first == ring.last)
        let properties = try #require(feature["properties"] as? [String: Any])
        #expect(properties["objectType"] as? String == "annotation" && properties["rank"] as? Int == 1)
        // The polygon's centre is the region's.
        #expect(abs(ring.dropLast().map { $0[0] }.reduce(0, +) / 4 - region["cx"]!) < 1e-6)
    }

    @Test func theFirstStageAloneSaysWhereOnTheSlideTheQueryLies() throws {
        let repository = try Repository()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        #expect(repository.built.status == 0, "\(repository.built.stderr)")
        let truth = try SlideTruthTable.parse(try String(contentsOf: repository.out.appendingPathComponent("truth-full.csv"), encoding: .utf8),
                                              source: "truth-full.csv")
        for row in truth.prefix(3) {
            let query = repository.out.appendingPathComponent("queries/full/\(row.query).png").path
            let result = try CommandRunner.run(["query", repository.index, query, "--rerank", "0", "--top", "3", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let matches = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let first = try #require(matches.first)
            let place = try #require(first["place"] as? [String: Int], "\(first)")
            #expect(first["slide"] as? String == row.slide && first["verified"] as? Bool == false, "\(first)")
            // Unverified, the region is where the dense stage put the query.
            let region = try #require(first["region"] as? [String: Double], "\(first)")
            #expect(hypot(region["cx"]! - row.x, region["cy"]! - row.y) < 19.2, "\(row.query): region \(region), truth \(row.x), \(row.y)")
            // The place is centred on the spot where a stage put the query's centre (within a tenth of the 192 px
            // query's side) and holds the query however it is turned.
            let cx = Double(place["x"]!) + Double(place["w"]!) / 2, cy = Double(place["y"]!) + Double(place["h"]!) / 2
            #expect(hypot(cx - row.x, cy - row.y) < 19.2, "\(row.query): place \(place), truth \(row.x), \(row.y)")
            #expect(place["w"]! >= 272 && place["h"]! >= 272, "\(place)")
        }
    }

    @Test func slidesAreIndexedAtTheLevelThatFitsTheQueriesPixelSize() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SlideFixtures.writeSourceFolders(folder, count: 5, queries: 2, side: 256)
        let out = folder.appendingPathComponent("out")
        let made = try CommandRunner.run(["make-slides", folder.appendingPathComponent("bf").path, out.path, "--names",
                                          folder.appendingPathComponent("names.txt").path, "--seed", "5", "--megapixels", "8", "--patch", "64",
                                          "--shg", folder.appendingPathComponent("bf").path])
        #expect(made.status == 0, "\(made.stderr)")
        let index = folder.appendingPathComponent("coarse.cmirindex").path
        let built = try CommandRunner.run(["index", out.appendingPathComponent("slides").path, "--out", index,
                                           "--features", "sift", "--vocabulary", "200", "--query-pixel-size", "1.0"])
        #expect(built.status == 0 && built.stdout.contains("tma-1.svs: level 1 (downsample 2), "), "\(built.stdout) \(built.stderr)")
        // A query at half the slide's resolution (1 µm per pixel) is found at its place in level-0 pixels.
        let row = try #require(try SlideTruthTable.parse(try String(contentsOf: out.appendingPathComponent("truth-full.csv"), encoding: .utf8),
                                                         source: "truth-full.csv").first)
        let full = try ImageFile.load(out.appendingPathComponent("queries/full/\(row.query).png").path).image
        let half = folder.appendingPathComponent("half.png").path
        try ImageFile.save(full.resized(width: full.width / 2, height: full.height / 2), to: half)
        let result = try CommandRunner.run(["query", index, half, "--rerank", "5", "--top", "1", "--json", "--query-pixel-size", "1.0"])
        #expect(result.status == 0 && !result.stderr.contains("equal pixel sizes assumed"), "\(result.stderr)")
        let first = try #require((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])?.first)
        let region = try #require(first["region"] as? [String: Double], "\(first)")
        #expect(first["slide"] as? String == row.slide)
        #expect(abs(region["cx"]! - row.x) < 12 && abs(region["cy"]! - row.y) < 12 && abs(region["w"]! - Double(full.width)) < 0.1 * Double(full.width),
                "\(region) against \(row)")
    }

    @Test func sixteenBitGrayQueriesAndQueriesLargerThanATileAreSearched() throws {
        let repository = try Repository()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let row = try #require(try SlideTruthTable.parse(try String(contentsOf: repository.out.appendingPathComponent("truth-full.csv"),
                                                                    encoding: .utf8), source: "truth-full.csv").first)
        let query = try ImageFile.load(repository.out.appendingPathComponent("queries/full/\(row.query).png").path).image
        let sixteen = repository.folder.appendingPathComponent("gray16.tif").path
        try ImageFile.save(query.grayscale(), to: sixteen, format: .uint16)
        #expect(try ImageFile.load(sixteen).bitsPerSample == 16)
        let gray = try CommandRunner.run(["query", repository.index, sixteen, "--rerank", "5", "--top", "1", "--json"])
        #expect(gray.status == 0, "\(gray.stderr)")
        let first = try #require((try JSONSerialization.jsonObject(with: Data(gray.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(first["slide"] as? String == row.slide && first["verified"] as? Bool == true, "\(first)")

        // A query of 1,300 px (the whole slide around the core), larger than a 1,024 px tile, still finds its slide.
        let slide = try Slide(path: repository.out.appendingPathComponent("slides/\(row.slide).svs").path)
        let side = min(1300, slide.width, slide.height)
        let large = try slide.readRegion(level: 0, x: max(0, min(slide.width - side, Int(row.x) - side / 2)),
                                         y: max(0, min(slide.height - side, Int(row.y) - side / 2)), width: side, height: side)
        let largePath = repository.folder.appendingPathComponent("large.png").path
        try ImageFile.save(large, to: largePath)
        let wide = try CommandRunner.run(["query", repository.index, largePath, "--rerank", "5", "--top", "1", "--json"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let found = try #require((try JSONSerialization.jsonObject(with: Data(wide.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(found["slide"] as? String == row.slide, "\(found)")
    }

    @Test func evaluationByTruthTableCountsPlacesNotFiles() throws {
        let repository = try Repository()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let queries = repository.out.appendingPathComponent("queries/full").path
        let truth = repository.out.appendingPathComponent("truth-full.csv").path
        let result = try CommandRunner.run(["eval", repository.index, queries, "--truth", truth, "--rerank", "5", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((summary["acc"] as? [String: Double])?["1"] == 100, "\(summary)")
        #expect((summary["localisation"] as? [String: Any])?["localised"] as? Int == 6)

        // A truth table that puts every query on the wrong slide finds no hit.
        let wrong = try String(contentsOfFile: truth, encoding: .utf8).replacingOccurrences(of: ",tma-", with: ",elsewhere-")
        let wrongPath = repository.folder.appendingPathComponent("wrong.csv").path
        try wrong.write(toFile: wrongPath, atomically: true, encoding: .utf8)
        let missed = try CommandRunner.run(["eval", repository.index, queries, "--truth", wrongPath, "--rerank", "5", "--json"])
        let none = try #require(try JSONSerialization.jsonObject(with: Data(missed.stdout.utf8)) as? [String: Any])
        #expect((none["acc"] as? [String: Double])?["15"] == 0)
    }

    @Test func slidesSplitIntoShardsSearchAsOneIndexOfThemDoes() throws {
        let repository = try Repository()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let slides = repository.out.appendingPathComponent("slides").path
        let shards = repository.folder.appendingPathComponent("shards").path, one = repository.folder.appendingPathComponent("one.cmirindex").path
        for k in 1...3 {
            let built = try CommandRunner.run(["index", slides, "--out", shards, "--shard", "\(k)/3", "--vocabulary-from", repository.index])
            #expect(built.status == 0, "\(built.stderr)")
        }
        let whole = try CommandRunner.run(["index", slides, "--out", one, "--vocabulary-from", repository.index])
        #expect(whole.status == 0, "\(whole.stderr)")
        let queries = try FileManager.default.contentsOfDirectory(atPath: repository.out.appendingPathComponent("queries/full").path).sorted()
        for name in queries.prefix(2) {
            for set in ["full", "patch"] {
                let query = repository.out.appendingPathComponent("queries/\(set)/\(name)").path
                let arguments = ["--json", "--top", "10", "--rerank", "5"]
                let overShards = try CommandRunner.run(["query", shards, query] + arguments)
                let overOne = try CommandRunner.run(["query", one, query] + arguments)
                #expect(overShards.status == 0 && overShards.stdout.contains("\"slide\""), "\(overShards.stderr)")
                #expect(overShards.stdout == overOne.stdout, "\(set) \(name)")
            }
        }
    }
}
