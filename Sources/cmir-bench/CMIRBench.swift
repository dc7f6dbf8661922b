import ArgumentParser

/// Benchmarks of the engine's stages: release builds only, not part of the test suite.
/// `bench/run` drives these and the cmir CLI and writes bench/RESULTS.md.
@main
struct CMIRBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmir-bench",
        abstract: "Measure cmir's engine stages (speed, memory, accuracy figures for bench/RESULTS.md).",
        subcommands: [ImageIOBenchmark.self, FeatureBenchmark.self, QueryLatencyBenchmark.self, QuantizerBenchmark.self,
                      RotationMatchingBenchmark.self, CoMIRBenchmark.self, BrowserBenchmark.self,
                      AccuracyBenchmark.self, IndexStagesBenchmark.self, ScalingBenchmark.self, ModelInfoBenchmark.self,
                      FuzzBenchmark.self, GraphicsColourBenchmark.self, GraphicsBandwidthBenchmark.self,
                      SlideViewerBenchmark.self]
    )
}
