import Foundation

/// How one evaluation query was made from its source image (one row of transforms.csv): rotation by
/// `angleDegrees` about the image centre, counter-clockwise as displayed (OpenCV's getRotationMatrix2D),
/// then a shift by (tx, ty) px on a canvas of the same size, then, when `patch` > 0, the patch x patch
/// centre crop.
public struct QueryTransform: Sendable, Equatable {
    public var name: String
    public var angleDegrees: Double
    public var tx: Double
    public var ty: Double
    public var patch: Int

    public init(name: String, angleDegrees: Double, tx: Double, ty: Double, patch: Int) {
        self.name = name; self.angleDegrees = angleDegrees; self.tx = tx; self.ty = ty; self.patch = patch
    }

    /// The centre of rotation of a width x height image: the centre of its pixel grid, ((w-1)/2, (h-1)/2),
    /// with pixel centres at whole coordinates.
    public static func centre(width: Int, height: Int) -> (x: Double, y: Double) {
        (Double(width - 1) / 2, Double(height - 1) / 2)
    }

    /// The top-left corner of the centre patch in the transformed canvas.
    public static func patchOrigin(width: Int, height: Int, patch: Int) -> (x: Int, y: Int) {
        ((width - patch) / 2, (height - patch) / 2)
    }

    /// Source pixel coordinates to transformed-canvas coordinates (before the patch crop).
    public func canvasTransform(width: Int, height: Int) -> AffineTransform {
        .rotation(degrees: angleDegrees, center: Self.centre(width: width, height: height), shift: (tx, ty))
    }

    /// Where the source point (x, y) of a width x height image lies in the query image (patch included).
    public func map(x: Double, y: Double, width: Int, height: Int) -> (x: Double, y: Double) {
        let p = canvasTransform(width: width, height: height).apply(x, y)
        guard patch > 0 else { return p }
        let origin = Self.patchOrigin(width: width, height: height, patch: patch)
        return (p.x - Double(origin.x), p.y - Double(origin.y))
    }
}

/// transforms.csv: header `name,angle_deg,tx,ty,patch`, one row per query; names with a comma or quote
/// are quoted as in RFC 4180.
public enum TransformTable {
    public static let header = "name,angle_deg,tx,ty,patch"

    public static func csv(_ transforms: [QueryTransform]) -> String {
        var lines = [header]
        for t in transforms {
            lines.append([quoted(t.name), String(format: "%.6f", t.angleDegrees), String(format: "%.6f", t.tx),
                          String(format: "%.6f", t.ty), String(t.patch)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a transforms.csv; throws `.input` naming the line on anything malformed.
    public static func parse(_ text: String, source: String = "transforms.csv") throws -> [QueryTransform] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == header else {
            throw CMIRError.input("\(source): the first line must be \(header)")
        }
        return try lines.dropFirst().enumerated().compactMap { offset, line in
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            let fields = CSVLine.fields(line)
            guard fields.count == 5, let angle = Double(fields[1]), let tx = Double(fields[2]),
                  let ty = Double(fields[3]), let patch = Int(fields[4]) else {
                throw CMIRError.input("\(source):\(offset + 2): expected name,angle_deg,tx,ty,patch")
            }
            return QueryTransform(name: fields[0], angleDegrees: angle, tx: tx, ty: ty, patch: patch)
        }
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Splits one CSV line into fields (RFC 4180 quoting, no embedded newlines).
enum CSVLine {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if inQuotes {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { current.append("\"") } else {
                            inQuotes = false
                            if next == "," { fields.append(current); current = "" } else { current.append(next) }
                        }
                    } else { inQuotes = false }
                } else { current.append(c) }
            } else if c == "\"" && current.isEmpty {
                inQuotes = true
            } else if c == "," {
                fields.append(current); current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
