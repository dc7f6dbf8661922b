/// A search running in the background.
public struct RunningSearch: Equatable, Sendable {
    public var request: BrowserSearch
    public var progress: ProgressSnapshot?
}
