/// How far a long operation is.
public struct ProgressSnapshot: Equatable, Sendable {
    public var stage: String
    public var done: Int
    public var total: Int
    public var detail: String
    public init(stage: String, done: Int, total: Int, detail: String = "") {
        self.stage = stage; self.done = done; self.total = total; self.detail = detail
    }

    /// "stage 3/8 detail" with a bar of `width` cells.
    public func line(barWidth: Int) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int((fraction * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, barWidth - filled))
        let count = total > 0 ? " \(done)/\(total)" : ""
        return "\(stage) \(bar)\(count)\(detail.isEmpty ? "" : " " + detail)"
    }
}
