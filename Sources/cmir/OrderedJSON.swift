import Foundation

/// JSON objects with their keys in a fixed order, the order the CLI contract documents (JSONEncoder's own
/// key order is unspecified). Values are encoded by JSONEncoder, so strings are escaped as JSON requires;
/// nested objects have sorted keys, so the output is the same from run to run.
enum OrderedJSON {
    static func object(_ members: KeyValuePairs<String, any Encodable>) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let parts = try members.map { key, value in
            "\(try encode(key, encoder)): \(try encode(value, encoder))"
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A JSON array with one element per line.
    static func array(_ elements: [String]) -> String {
        elements.isEmpty ? "[]" : "[\n  " + elements.joined(separator: ",\n  ") + "\n]"
    }

    private static func encode(_ value: some Encodable, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
