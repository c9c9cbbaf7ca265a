/// The solver's current guesses and what follows from them, in order (PubGrub's partial solution).
struct PartialSolution {
    struct Assignment {
        let package: Int
        /// For a decision, the single chosen state; for a derivation, the states it allows.
        let set: VersionSet
        /// Everything known about the package once this assignment is made.
        let accumulated: VersionSet
        let level: Int
        /// The incompatibility that forced a derivation; nil for a decision.
        let cause: Int?

        var isDecision: Bool { cause == nil }
    }

    private(set) var assignments: [Assignment] = []
    private(set) var level = 0
    /// Per package: indices into `assignments`, in order.
    private var byPackage: [[Int]] = []
    /// Per package: the states still possible.
    private(set) var accumulated: [VersionSet] = []
    /// Per package: the decided state ("absent" is 0), or nil while undecided.
    private(set) var decided: [Int?] = []
    /// Per package: every state it has, "absent" included.
    private(set) var allStates: [VersionSet] = []

    mutating func register(package: Int, all: VersionSet) {
        precondition(package == accumulated.count, "packages register in id order")
        byPackage.append([])
        accumulated.append(all)
        decided.append(nil)
        allStates.append(all)
    }

    /// Records that `term` must be false: the package is in one of the other states.
    mutating func deriveNot(_ term: Term, cause: Int) {
        let set = allStates[term.package].subtracting(term.set)
        append(Assignment(package: term.package, set: set, accumulated: accumulated[term.package].intersection(set),
                          level: level, cause: cause))
    }

    mutating func decide(_ package: Int, state: Int) {
        level += 1
        decided[package] = state
        append(Assignment(package: package, set: VersionSet(state: state), accumulated: VersionSet(state: state),
                          level: level, cause: nil))
    }

    private mutating func append(_ assignment: Assignment) {
        byPackage[assignment.package].append(assignments.count)
        accumulated[assignment.package] = assignment.accumulated
        assignments.append(assignment)
    }

    /// Undoes every assignment above `target` level.
    mutating func backtrack(to target: Int) {
        while let last = assignments.last, last.level > target {
            assignments.removeLast()
            byPackage[last.package].removeLast()
            accumulated[last.package] = byPackage[last.package].last.map { assignments[$0].accumulated } ?? allStates[last.package]
            if last.isDecision { decided[last.package] = nil }
        }
        level = target
    }

    /// The index of the earliest assignment after which `term` holds.
    func satisfier(of term: Term) -> Int {
        for index in byPackage[term.package] where assignments[index].accumulated.isSubset(of: term.set) {
            return index
        }
        preconditionFailure("satisfier asked for a term the partial solution does not satisfy")
    }

    /// The earliest assignment to the same package, before `satisfier`, which together with the
    /// satisfier makes `term` hold; nil when the satisfier alone does.
    func previousSatisfier(of term: Term, before satisfier: Int) -> Int? {
        let set = assignments[satisfier].set
        if set.isSubset(of: term.set) { return nil }
        for index in byPackage[term.package] where index < satisfier {
            if assignments[index].accumulated.intersection(set).isSubset(of: term.set) { return index }
        }
        preconditionFailure("no previous satisfier although the satisfier alone does not satisfy the term")
    }
}
