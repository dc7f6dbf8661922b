import Synchronization

/// A value made on first use, once, whichever thread asks first: for what a shared object needs only on some
/// paths (an engine's in-memory descriptor table, a model that takes a moment to load). A failure is kept as
/// well and thrown to every caller, so a slow failing load is not repeated.
public final class LazyValue<Value: Sendable>: Sendable {
    private let make: @Sendable () throws -> Value
    private let made = Mutex<Result<Value, any Error>?>(nil)

    public init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }

    public func value() throws -> Value {
        try made.withLock { stored in
            if let stored { return try stored.get() }
            let result = Result { try make() }
            stored = result
            return try result.get()
        }
    }
}
