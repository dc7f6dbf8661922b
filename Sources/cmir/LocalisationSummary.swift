import Foundation

/// Median and 90th percentile of the centre errors of an evaluation. A query whose true image got no
/// region counts as an unbounded error, so failures raise the percentiles instead of vanishing; a
/// percentile that lands on one is reported as null ("not localised").
struct LocalisationSummary: Encodable {
    let medianPixels: Double?
    let p90Pixels: Double?
    let localised: Int

    init(_ errors: [String: Double?]) {
        let values = errors.values.map { $0 ?? .infinity }.sorted()
        func percentile(_ p: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            let value = values[min(values.count - 1, Int((Double(values.count - 1) * p).rounded(.up)))]
            return value.isFinite ? value : nil
        }
        medianPixels = percentile(0.5)
        p90Pixels = percentile(0.9)
        localised = values.filter(\.isFinite).count
    }

    func text(_ value: Double?) -> String { value.map { String(format: "%.1f px", $0) } ?? "not localised" }

    enum CodingKeys: String, CodingKey {
        case medianPixels = "median_px", p90Pixels = "p90_px", localised
    }

    /// Unlocalised percentiles are explicit nulls, not missing keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(medianPixels, forKey: .medianPixels)
        try container.encode(p90Pixels, forKey: .p90Pixels)
        try container.encode(localised, forKey: .localised)
    }
}
