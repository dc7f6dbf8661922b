/// A training term that a resumed run can add: it records the iteration it was added at.
protocol ResumableTerm: Equatable {
    var fromIteration: Int? { get set }
}

extension ResumableTerm {
    /// What a run resumed at `iteration` with this term records: the term already `recorded` (which keeps the
    /// iteration it was added at, e.g. a fine-tune resumed after a kill), or else this term from `iteration` on.
    func added(to recorded: Self?, at iteration: Int) -> Self {
        var new = self, old = recorded
        new.fromIteration = nil
        old?.fromIteration = nil
        if new == old, let recorded { return recorded }
        new.fromIteration = iteration
        return new
    }
}
