import Foundation
struct TimingSummary {
    let label: String
    let milliseconds: [Double]

    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    var line: String {
        "\(label): n=\(milliseconds.count) p50=\(format(percentile(0.5))) ms p95=\(format(percentile(0.95))) ms"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension Duration {
    var milliseconds: Double { inSeconds * 1000 }
}
