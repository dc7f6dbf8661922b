import ArgumentParser
import CMIRKit
import Foundation

/// CoMIR figures for bench/RESULTS.md: training iteration time, representation time, rotation equivariance per
/// test image, and the correlation of aligned BF/SHG test pairs in the common space.
struct CoMIRBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comir", abstract: "Time and check the CoMIR networks.")

    @Option(help: "The model file.") var model = "Assets/models/bf-shg.cmirmodel"
    @Option(help: "The BF/SHG data folder (bf_aligned/, shg/, splits.csv).") var data = "../shared/data/bf-shg"
    @Option(help: "Timed training iterations (N = 24, 128 px crops, the model's architecture); 0 to skip.")
    var trainingIterations = 3
    @Option(help: "Timed representations of a 512 x 512 image per modality.") var repeats = 5
    @Flag(help: "Average the networks over the four quarter turns.") var averageTurns = false
    @Option(help: "Only write a synthetic SIZE x SIZE gray test image to this path (for the memory measurement of `cmir represent`).")
    var writeLarge: String?
    @Option(help: "Side of the synthetic image.") var largeSize = 8000

    func run() throws {
        if let writeLarge {
            var image = Image(width: largeSize, height: largeSize, channels: 1)
            image.pixels.withUnsafeMutableBufferPointer { p in
                for y in 0..<largeSize {
                    for x in 0..<largeSize {
                        let v = sin(Double(x) * 0.05) * cos(Double(y) * 0.031) + sin(Double(x + 2 * y) * 0.011)
                        p[y * largeSize + x] = Float(max(0, v) * 0.2)
                    }
                }
            }
            try ImageFile.save(image, to: writeLarge)
            print("wrote \(writeLarge) (\(largeSize) x \(largeSize) gray)")
            return
        }
        let comir = try ModelFile.load(model)
        let testNames = try TrainingData.names(inFile: data + "/splits.csv", split: "test")
        let folders = [("bf", data + "/bf_aligned"), ("shg", data + "/shg")]
        if trainingIterations > 0 { try timeTraining(comir, folders: folders) }
        let inference = CoMIRInference(model: comir, averagesQuarterTurns: averageTurns)
        let pairs = try TrainingData.load(modalities: folders.map { (name: $0.0, folder: $0.1) }, names: testNames)
        for (index, modality) in ["bf", "shg"].enumerated() {
            let image = pairs[0].images[index]
            var times: [Double] = [], processorTimes: [Double] = []
            for _ in 0..<repeats {
                let start = ContinuousClock.now, processorStart = Self.processorSeconds()
                _ = try inference.represent(image, modality: modality)
                times.append((ContinuousClock.now - start).milliseconds)
                processorTimes.append((Self.processorSeconds() - processorStart) * 1000)
            }
            print(TimingSummary(label: "represent \(image.width)x\(image.height) \(modality)", milliseconds: times).line
                  + String(format: "; CPU time p50 %.1f ms (all threads)", TimingSummary(label: "", milliseconds: processorTimes).percentile(0.5)))
        }
        var equivariance: [String: [Double]] = ["bf": [], "shg": []]
        var common: [Double] = []
        for pair in pairs {
            var representations: [Image] = []
            for (index, modality) in ["bf", "shg"].enumerated() {
                let image = pair.images[index]
                let plain = try inference.represent(image, modality: modality)
                let turned = try inference.represent(image.rotatedQuarterTurns(1), modality: modality)
                let r = Self.pearson(turned.pixels, plain.rotatedQuarterTurns(1).pixels)
                equivariance[modality]!.append(r)
                representations.append(plain)
            }
            let c = Self.pearson(representations[0].pixels, representations[1].pixels)
            common.append(c)
            print(String(format: "%@: equivariance bf %.3f shg %.3f; bf-shg correlation %.3f", pair.name,
                         equivariance["bf"]!.last!, equivariance["shg"]!.last!, c))
        }
        for modality in ["bf", "shg"] {
            let values = equivariance[modality]!
            print(String(format: "equivariance %@ (%d test images): mean %.3f min %.3f", modality, values.count,
                         values.reduce(0, +) / Double(values.count), values.min()!))
        }
        let sorted = common.sorted()
        print(String(format: "aligned bf/shg test pairs (%d): mean %.3f min %.3f median %.3f max %.3f", common.count,
                      common.reduce(0, +) / Double(common.count), sorted.first!, sorted[sorted.count / 2], sorted.last!))
    }

    /// Seconds per training iteration at the paper's settings, on the training pairs, from a fresh model
    /// of the shipped architecture (the first iteration is a warm-up and not counted).
    private func timeTraining(_ comir: CoMIRModel, folders: [(String, String)]) throws {
        let trainNames = try TrainingData.names(inFile: data + "/splits.csv", split: "train")
        let pairs = try TrainingData.load(modalities: folders.map { (name: $0.0, folder: $0.1) }, names: trainNames)
        var settings = TrainingSettings()
        settings.batch = 24
        settings.crop = 128
        settings.levels = comir.modalities[0].network.architecture.levels
        settings.baseWidth = comir.modalities[0].network.architecture.baseWidth
        settings.iterations = trainingIterations + 1
        let trainer = try CoMIRTrainer(pairs: pairs, modalityNames: ["bf", "shg"], folders: folders.map(\.1), settings: settings)
        trainer.step()
        var times: [Double] = [], processorTimes: [Double] = []
        for _ in 0..<trainingIterations {
            let start = ContinuousClock.now, processorStart = Self.processorSeconds()
            trainer.step()
            times.append((ContinuousClock.now - start).milliseconds)
            processorTimes.append((Self.processorSeconds() - processorStart) * 1000)
        }
        print(TimingSummary(label: "training iteration N=24 128px \(settings.levels) levels width \(settings.baseWidth)",
                            milliseconds: times).line
              + String(format: "; CPU time p50 %.1f ms (all threads)", TimingSummary(label: "", milliseconds: processorTimes).percentile(0.5)))
    }

    /// CPU time of the whole process (all threads): on a machine shared with other jobs, wall time measures the
    /// neighbours as much as the code; CPU time / cores is what the code would take with the cores to itself.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func pearson(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(a.count)
        var sa = 0.0, sb = 0.0
        for i in a.indices { sa += Double(a[i]); sb += Double(b[i]) }
        let ma = sa / n, mb = sb / n
        var cov = 0.0, va = 0.0, vb = 0.0
        for i in a.indices {
            let x = Double(a[i]) - ma, y = Double(b[i]) - mb
            cov += x * y; va += x * x; vb += y * y
        }
        return va > 0 && vb > 0 ? cov / (va * vb).squareRoot() : 0
    }
}
