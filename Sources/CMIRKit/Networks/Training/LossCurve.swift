import Foundation

/// A picture of a training run's losses: training loss (light blue per iteration, dark blue as a moving average)
/// and validation loss (red), on a white canvas with the axes in black. The loss axis is logarithmic (ticks at
/// powers of ten, minor ticks at 2..9 times them), so the early spike of an untrained network does not flatten the
/// rest. Saved beside a trained model.
public enum LossCurve {
    public static func draw(_ history: [TrainingRecord.Point], width: Int = 800, height: Int = 400) -> Image {
        var canvas = Image(width: width, height: height, channels: 3, filledWith: 1)
        let margin = 30
        let plotWidth = width - 2 * margin, plotHeight = height - 2 * margin
        func set(_ x: Int, _ y: Int, _ rgb: (Float, Float, Float)) {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            canvas[x, y, 0] = rgb.0; canvas[x, y, 1] = rgb.1; canvas[x, y, 2] = rgb.2
        }
        for x in margin...(width - margin) { set(x, height - margin, (0, 0, 0)) }
        for y in margin...(height - margin) { set(margin, y, (0, 0, 0)) }
        let losses = (history.map(\.loss) + history.compactMap(\.validationLoss)).filter { $0 > 0 && $0.isFinite }
        guard let smallest = losses.min(), let largest = losses.max(), let last = history.last?.iteration, last > 0 else {
            return canvas
        }
        let low = log10(smallest).rounded(.down), high = max(log10(largest).rounded(.up), low + 1)
        func yPosition(_ loss: Double) -> Int {
            height - margin - Int((log10(max(loss, 1e-12)) - low) / (high - low) * Double(plotHeight))
        }
        for t in 0...10 {
            let x = margin + t * plotWidth / 10
            for d in 1...5 { set(x, height - margin + d, (0, 0, 0)) }
        }
        for decade in Int(low)...Int(high) {
            for multiple in 1...9 where decade < Int(high) || multiple == 1 {
                let y = yPosition(Double(multiple) * pow(10, Double(decade)))
                for d in 1...(multiple == 1 ? 8 : 3) { set(margin - d, y, (0, 0, 0)) }
            }
        }
        func point(_ iteration: Int, _ loss: Double) -> (Int, Int) {
            (margin + iteration * plotWidth / last, yPosition(loss))
        }
        func line(_ a: (Int, Int), _ b: (Int, Int), _ rgb: (Float, Float, Float)) {
            let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
            for s in 0...steps {
                set(a.0 + (b.0 - a.0) * s / steps, a.1 + (b.1 - a.1) * s / steps, rgb)
            }
        }
        for p in history { let q = point(p.iteration, p.loss); set(q.0, q.1, (0.7, 0.8, 1)) }
        let window = max(1, history.count / 50)
        var previous: (Int, Int)?
        for end in stride(from: window, through: history.count, by: window) {
            let slice = history[(end - window)..<end]
            let q = point(slice.last!.iteration, slice.map(\.loss).reduce(0, +) / Double(slice.count))
            if let previous { line(previous, q, (0, 0, 0.8)) }
            previous = q
        }
        previous = nil
        for p in history {
            guard let v = p.validationLoss else { continue }
            let q = point(p.iteration, v)
            if let previous { line(previous, q, (0.85, 0, 0)) }
            previous = q
        }
        return canvas
    }
}
