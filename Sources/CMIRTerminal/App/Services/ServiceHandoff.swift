import Synchronization

/// Passes the prepared service from the background thread to the event loop.
final class ServiceHandoff: Sendable {
    private let service = Mutex<SearchService?>(nil)
    func set(_ value: SearchService) { service.withLock { $0 = value } }
    func take() -> SearchService? { service.withLock { $0.take() } }
}
