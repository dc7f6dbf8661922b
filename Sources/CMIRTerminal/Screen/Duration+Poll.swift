import CMIRKit

extension Duration {
    /// The duration as poll(2)'s timeout: whole milliseconds, rounded up so a wait is never cut short.
    var pollMilliseconds: Int32 {
        Int32(clamping: Int(max(0, (inSeconds * 1000).rounded(.up))))
    }
}
