import ArgumentParser
import CMIRKit
import Foundation

/// What a model file records about itself (architecture per modality, training settings, time and losses),
/// as one JSON line, so bench/RESULTS.md quotes the shipped model's training time from the file, not by hand.
struct ModelInfoBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model-info",
                                                    abstract: "Print a model file's architecture and training record as JSON.")

    @Argument(help: "The model file.") var model = "Assets/models/bf-shg.cmirmodel"
    @Option(help: "Append the JSON line to this file (default: stdout).") var json: String?

    func run() throws {
        let comir = try ModelFile.load(model)
        let training = try comir.training.map { record -> Any in
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(record))
        }
        let networks = comir.modalities.map { modality -> [String: Any] in
            let architecture = modality.network.architecture
            return ["modality": modality.name, "input_channels": architecture.inputChannels, "levels": architecture.levels,
                    "base_width": architecture.baseWidth,
                    "parameters": modality.network.parameters.reduce(0) { $0 + $1.value.count }]
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
        try JSONLines(path: json).write(["kind": "model", "path": model, "bytes": bytes, "networks": networks, "training": training,
                                         "single_pass_by_default": !CoMIRRepresentation.averagesQuarterTurnsByDefault(comir)])
    }
}
