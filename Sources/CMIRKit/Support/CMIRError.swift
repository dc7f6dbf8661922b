/// Why an engine operation failed, split by who can fix it: the user's input or the run itself.
/// The CLI maps `.input` to exit status 2 and `.failure` to exit status 1.
public enum CMIRError: Error, CustomStringConvertible, Equatable {
    /// Unreadable, missing or malformed input: a file, an argument, a model or an index.
    case input(String)
    /// The run itself went wrong (cannot write, out of memory, numerical failure).
    case failure(String)

    public var description: String {
        switch self {
        case .input(let reason), .failure(let reason): return reason
        }
    }
}
