import Foundation

/// A value made on first use, once, whichever thread asks first: for what an immutable, shared object needs
/// only on some paths (an engine's in-memory descriptor table, needed by one scoring and not the other).
final class LazyValue<Value: Sendable>: @unchecked Sendable {
    // Safe: `stored` is read and written only under `lock`.
    private let lock = NSLock()
    private var stored: Value?

    init() {}

    func value(_ make: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let stored { return stored }
        let made = try make()
        stored = made
        return made
    }
}
