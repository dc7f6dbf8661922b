import Foundation

/// Where a query lies in a slide repository: the evaluation contract's truth row (../shared/docs/evaluation.md,
/// "Slide repositories"): the query's file stem, the slide's file stem and the query's centre in level-0 slide
/// pixels (continuous coordinates: pixel i spans [i, i + 1)).
public struct SlideTruth: Sendable, Equatable {
    public let query: String
    public let slide: String
    public let x: Double
    public let y: Double

    public init(query: String, slide: String, x: Double, y: Double) {
        self.query = query; self.slide = slide; self.x = x; self.y = y
    }
}

/// The truth CSV, header `query,slide,x,y`; stems with a comma or quote are quoted as in RFC 4180.
public enum SlideTruthTable {
    public static let header = "query,slide,x,y"

    public static func csv(_ rows: [SlideTruth]) -> String {
        var lines = [header]
        for row in rows {
            lines.append([quoted(row.query), quoted(row.slide), String(format: "%.2f", row.x),
                          String(format: "%.2f", row.y)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a truth CSV; throws `.input` naming the line on anything malformed.
    public static func parse(_ text: String, source: String) throws -> [SlideTruth] {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == header else {
            throw CMIRError.input("\(source): the first line must be \(header)")
        }
        var rows: [SlideTruth] = []
        for (number, line) in zip(2..., lines.dropFirst()) where !line.allSatisfy(\.isWhitespace) {
            let fields = CSVLine.fields(String(line))
            guard fields.count == 4, let x = Double(fields[2]), let y = Double(fields[3]) else {
                throw CMIRError.input("\(source):\(number): expected query,slide,x,y")
            }
            rows.append(SlideTruth(query: fields[0], slide: fields[1], x: x, y: y))
        }
        return rows
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
