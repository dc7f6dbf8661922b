import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir make-slides` and `cmir info` on slides, end to end through the built executable.
@Suite struct MakeSlidesCommandTests {
    @Test func makeSlidesWritesSlidesQueriesAndTruthThatInfoReads() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SlideFixtures.writeSourceFolders(folder, count: 6, queries: 3, side: 128)
        let out = folder.appendingPathComponent("out")
        let result = try CommandRunner.run(["make-slides", folder.appendingPathComponent("bf").path, out.path,
                                            "--names", folder.appendingPathComponent("names.txt").path, "--seed", "4",
                                            "--slides", "2", "--patch", "40", "--shg", folder.appendingPathComponent("shg").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("tma-1.svs") && result.stdout.contains("tma-2.svs"))
        for file in ["slides/tma-1.svs", "slides/tma-2.svs", "queries/full/core0.png", "queries/patch/core2.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        let truth = try String(contentsOf: out.appendingPathComponent("truth-patch.csv"), encoding: .utf8)
        #expect(truth.hasPrefix("query,slide,x,y\n") && truth.split(separator: "\n").count == 4)

        let info = try CommandRunner.run(["info", out.appendingPathComponent("slides/tma-1.svs").path])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("aperio slide") && info.stdout.contains("0.5 x 0.5 µm per pixel"))
        #expect(info.stdout.contains("level 0:") && info.stdout.contains("level 1:") && info.stdout.contains("downsample 2"))
        #expect(!info.stdout.lowercased().contains("label") && !info.stdout.lowercased().contains("macro"))
    }

    @Test func infoOnAForeignSlideExitsTwoWithOneLine() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("fake.svs")
        try Data("plain text\n".utf8).write(to: fake)
        let result = try CommandRunner.run(["info", fake.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("fake.svs"), "\(result.stderr)")
    }

    @Test func memoryStaysBoundedWhileWritingALargerSlide() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SlideFixtures.writeSourceFolders(folder, count: 4, queries: 2, side: 128)
        let out = folder.appendingPathComponent("out")
        // 100 megapixels: 300 MB as 8-bit RGB, 1.2 GB as the engine's float planes, if it were ever held whole;
        // cmir itself starts at about 90 MB (its libraries).
        let (status, peakMB) = try Self.runMeasuringPeak(["make-slides", folder.appendingPathComponent("bf").path, out.path,
                                                          "--names", folder.appendingPathComponent("names.txt").path,
                                                          "--seed", "1", "--megapixels", "100", "--patch", "40"])
        #expect(status == 0)
        let slide = try Slide(path: out.appendingPathComponent("slides/tma-1.svs").path)
        #expect(slide.width * slide.height > 90_000_000)
        #expect(peakMB > 0 && peakMB < 150, "peak resident memory \(peakMB) MB")
    }

    /// Runs cmir and returns its exit status and its peak resident memory in MB, read from /proc/PID/status
    /// (VmHWM) while it runs. Not wait4's ru_maxrss: Linux carries the spawning test process's own peak into a
    /// child started with vfork, as posix_spawn does.
    static func runMeasuringPeak(_ arguments: [String]) throws -> (Int32, Double) {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let status = "/proc/\(process.processIdentifier)/status"
        var peakKB = 0.0
        while process.isRunning {
            if let text = try? String(contentsOfFile: status, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        return (process.terminationStatus, peakKB / 1024)
    }

    static let sharedData = TestImages.sharedData

    @Test(.enabled(if: sharedData != nil, "needs ../shared/data/bf-shg beside the checkout"))
    func realCoresSpreadOverTwoSlidesEachOnOne() throws {
        let data = try #require(Self.sharedData)
        let out = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CommandRunner.run(["make-slides", data.appendingPathComponent("bf_aligned").path, out.path,
                                            "--names", data.appendingPathComponent("splits.csv").path, "--seed", "2",
                                            "--slides", "2", "--shg", data.appendingPathComponent("shg").path])
        #expect(result.status == 0, "\(result.stderr)")
        for table in ["truth-full", "truth-patch"] {
            let path = out.appendingPathComponent(table + ".csv").path
            let rows = try SlideTruthTable.parse(try String(contentsOfFile: path, encoding: .utf8), source: path)
            #expect(rows.count == 20 && Set(rows.map(\.query)).count == 20)
            #expect(Set(rows.map(\.slide)) == ["tma-1", "tma-2"])
        }
        let patches = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("queries/patch").path)
        #expect(patches.count == 20)
        let patch = try ImageFile.load(out.appendingPathComponent("queries/patch/\(patches.sorted()[0])").path).image
        #expect(patch.width == 160 && patch.height == 160)
    }
}
