import Foundation

/// The stems that `make-queries` turns into queries, read from either of two kinds of file:
/// - a plain list, one stem per line (blank lines ignored);
/// - a splits table whose header has `name` and `split` columns (as data/bf-shg/splits.csv): the names of
///   its `test` rows, since queries come from the test split only.
public enum QueryNameList {
    public static func load(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CMIRError.input("\(path): no such file or cannot be read")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first else { throw CMIRError.input("\(source): lists no names") }
        let header = CSVLine.fields(first).map { $0.lowercased() }
        var names: [String]
        if let nameColumn = header.firstIndex(of: "name"), let splitColumn = header.firstIndex(of: "split") {
            names = lines.dropFirst().compactMap { line in
                let fields = CSVLine.fields(line)
                guard fields.count > max(nameColumn, splitColumn), fields[splitColumn].lowercased() == "test" else { return nil }
                return fields[nameColumn]
            }
            if names.isEmpty { throw CMIRError.input("\(source): has no rows with split 'test'") }
        } else {
            names = lines
        }
        var seen = Set<String>()
        names = names.filter { seen.insert($0).inserted }
        return names
    }
}
