import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// Real files of vendor formats (openslide-python's test fixtures, `VendorSlides`) through the CLI: an Aperio
/// slide, a generic pyramidal TIFF and a damaged Aperio file.
@Suite struct VendorSlideTests {
    @Test func infoDescribesAnAperioSlideAndAPyramidalTIFFWithoutLibraryNoise() throws {
        let svs = try VendorSlides.path("small.svs"), tiff = try VendorSlides.path("boxes.tiff")
        let info = try CommandRunner.run(["info", svs, tiff])
        #expect(info.status == 0)
        #expect(info.stdout == """
            \(svs): aperio slide, 16 x 16, 1 level, 0.499 x 0.499 µm per pixel
              level 0: 16 x 16, downsample 1
            \(tiff): generic-tiff slide, 300 x 250, 2 levels, µm per pixel unknown
              level 0: 300 x 250, downsample 1
              level 1: 150 x 125, downsample 2
              (2 coarser levels smaller than one tile not read: OpenSlide 3.4 decodes them unreliably)

            """, "\(info.stdout)")
        // libtiff warns about the TIFF's small levels; none of that reaches the user.
        #expect(info.stderr.isEmpty, "\(info.stderr)")
    }

    @Test func theTissueOfAPyramidalTIFFIsFoundAlikeOnEveryRun() throws {
        let slide = try Slide(path: VendorSlides.path("boxes.tiff"))
        #expect(slide.levels.count == 2 && slide.skippedLevels == 2)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: slide.path, toPath: folder.appendingPathComponent("boxes.tiff").path)
        let reports = try (0..<3).map { run in
            let index = folder.appendingPathComponent("run\(run).cmirindex").path
            let built = try CommandRunner.run(["index", folder.path, "--out", index, "--features", "sift", "--vocabulary", "20"])
            #expect(built.status == 0, "\(built.stderr)")
            return built.stdout.split(separator: "\n").first { $0.hasPrefix("boxes.tiff: level 0") }.map(String.init)
        }
        #expect(reports[0]?.contains("% tissue") == true && Set(reports).count == 1, "\(reports)")
    }

    @Test func aDamagedSlideIsOneLineAndDoesNotStopAnIndexRun() throws {
        let damaged = try VendorSlides.path("unreadable.svs")
        let info = try CommandRunner.run(["info", damaged])
        #expect(info.status == 2 && info.stderr == "cmir: \(damaged): damaged or truncated slide (its pixels cannot be read)\n", "\(info.stderr)")

        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("repository")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        for name in ["small.svs", "boxes.tiff", "unreadable.svs"] {
            try FileManager.default.copyItem(atPath: VendorSlides.path(name), toPath: repository.appendingPathComponent(name).path)
        }
        let photo = repository.appendingPathComponent("photo.png").path
        try ImageFile.save(TestImages.blobs(width: 200, height: 200, seed: 5), to: photo)
        let index = folder.appendingPathComponent("i.cmirindex").path
        let built = try CommandRunner.run(["index", repository.path, "--out", index, "--features", "sift", "--vocabulary", "20"])
        #expect(built.status == 0 && built.stdout.contains("2 indexed, 0 unchanged, 2 skipped"), "\(built.stdout)")
        #expect(built.stderr == """
            cmir: skipped \(repository.path)/small.svs: no tissue found (the slide looks like bare glass)
            cmir: skipped \(repository.path)/unreadable.svs: damaged or truncated slide (its pixels cannot be read)

            """, "\(built.stderr)")
        let searched = try CommandRunner.run(["query", index, photo, "--top", "1"])
        #expect(searched.status == 0 && searched.stdout.contains("photo"), "\(searched.stdout)")
    }
}
