import Foundation

/// Reads the aligned image pairs of two modality folders.
public enum TrainingData {
    /// Loads the pairs of `folders` (one per modality) whose stems are in `names` (all when nil).
    /// Refuses folders that do not pair up by name, or pairs whose sizes differ, with a one-line reason.
    public static func load(modalities: [(name: String, folder: String)], names: [String]?) throws -> [TrainingPair] {
        guard modalities.count == 2 else { throw CMIRError.input("training needs exactly two --pair NAME=DIR modalities") }
        guard modalities[0].name != modalities[1].name else { throw CMIRError.input("the two modalities need different names") }
        var stems: [[String: String]] = []
        for modality in modalities {
            let paths = try ImageDirectory.imagePaths(in: modality.folder)
            var byStem: [String: String] = [:]
            for path in paths {
                let stem = FileStem.of(path)
                if byStem[stem] != nil { throw CMIRError.input("\(modality.folder): two images named '\(stem)'") }
                byStem[stem] = path
            }
            stems.append(byStem)
        }
        let wanted: [String]
        if let names {
            for name in names {
                for (index, modality) in modalities.enumerated() where stems[index][name] == nil {
                    throw CMIRError.input("'\(name)' is listed but \(modality.folder) has no image of that name")
                }
            }
            wanted = names
        } else {
            for (index, modality) in modalities.enumerated() {
                let other = 1 - index
                if let lonely = stems[index].keys.sorted().first(where: { stems[other][$0] == nil }) {
                    throw CMIRError.input("the folders do not pair up by name: '\(lonely)' is in \(modality.folder) but not in \(modalities[other].folder)")
                }
            }
            wanted = stems[0].keys.sorted()
        }
        guard !wanted.isEmpty else { throw CMIRError.input("no image pairs to train on") }
        return try wanted.map { name in
            let images = try (0..<2).map { try ImageFile.load(stems[$0][name]!).image }
            guard images[0].width == images[1].width, images[0].height == images[1].height else {
                throw CMIRError.input("pair '\(name)' is not aligned: \(modalities[0].name) is \(images[0].width)x\(images[0].height) but \(modalities[1].name) is \(images[1].width)x\(images[1].height)")
            }
            return TrainingPair(name: name, images: images)
        }
    }

    /// Stems listed in a file: one per line, or `name,split` lines (a splits.csv) filtered by `split`.
    public static func names(inFile path: String, split: String?) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CMIRError.input("\(path): cannot be read")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let names: [String]
        if let split {
            names = lines.compactMap { line in
                guard let comma = line.lastIndex(of: ",") else { return nil }
                return line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces) == split
                    ? String(line[..<comma]) : nil
            }
        } else {
            names = lines
        }
        guard !names.isEmpty else { throw CMIRError.input("\(path): no names\(split.map { " of split '\($0)'" } ?? "")") }
        return names
    }
}
