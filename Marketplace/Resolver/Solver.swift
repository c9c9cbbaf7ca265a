import AIPVersioning

/// No solution: `rootCauses` are incompatibilities with no terms, each a proof of that.
struct SolverFailure: Error {
    let rootCauses: [Int]
}

/// PubGrub (conflict-driven clause learning over package versions) on finite version sets.
/// See README.md for the algorithm and how it differs from the textbook version.
struct Solver {
    let universe: PackageUniverse
    let request: ResolutionRequest
    /// Every incompatibility ever made, learned or intermediate: explanations walk this tree.
    private(set) var incompatibilities: [Incompatibility] = []
    /// Every incompatibility's terms, end to end, and where each one's are: the hot loop reads
    /// these flat arrays instead of an array per incompatibility (no reference counting there).
    private var termStore: [Term] = []
    private var termSpans: [Range<Int>] = []
    /// Per package, the stored incompatibilities that mention it, grouped by their term on it
    /// (many dependents ask for the same range). Linked lists in flat arrays, newest first, so
    /// the propagation loop walks plain integers and never retains an array.
    private var watches = WatchLists()
    /// Stored incompatibilities not yet looked at as a whole.
    private var unchecked: [Int] = []
    private var solution = PartialSolution()
    private var addedDependencies: Set<DependencyKey> = []
    /// Packages whose incompatibilities must be looked at by the next propagation.
    private var pendingChanged: [Int] = []
    private var inChanged: [Bool] = []
    /// Per package: how often it appeared in a learned incompatibility.
    private var activity: [Int] = []
    private var pendingFailures: [Int] = []
    private(set) var decisions = 0
    private(set) var conflicts = 0


    /// "The `index`-th requirement of the dependent's version `state` is already an incompatibility."
    private struct DependencyKey: Hashable {
        let dependent: Int
        let state: Int
        let index: Int
    }

    private enum Relation {
        case conflict
        case almostSatisfied(Term)
        case inconclusive
    }

    init(universe: PackageUniverse, request: ResolutionRequest) {
        self.universe = universe
        self.request = request
    }

    /// Package id → chosen state, for every package that is part of the result.
    mutating func solve() throws(SolverFailure) -> [Int: Int] {
        try addRequestFacts()
        while true {
            try propagate()
            guard let package = nextPackage() else { break }
            if solution.accumulated[package].contains(0) {
                // Nothing requires it: deciding "absent" explicitly keeps every incompatibility checked.
                solution.decide(package, state: 0)
                markChanged(package)
            } else {
                try decideVersion(of: package)
            }
        }
        var result: [Int: Int] = [:]
        for package in universe.packages.indices {
            if let state = solution.decided[package], state != 0 { result[package] = state }
        }
        return result
    }

    // MARK: Facts from the request

    private mutating func addRequestFacts() throws(SolverFailure) {
        func fact(_ name: String, _ states: (PackageUniverse.Package, Int) -> VersionSet, _ cause: (Int) -> IncompatibilityCause) {
            let package = packageID(named: name)
            let terms = [Term(package: package, set: states(universe[package], package))]
            store(Incompatibility.make(terms, cause: cause(package), allStates: solution.allStates))
        }
        for root in request.roots {
            fact(root.name, { $0.all.subtracting(self.universe.states(of: $1, in: root.range)) }, { _ in .request(root) })
        }
        for (name, version) in request.installed.sorted(by: { $0.key < $1.key }) where !request.removing.contains(name) {
            fact(name, { _, _ in .absent }, { .keepInstalled(package: $0, version: version) })
        }
        for (name, version) in request.pins.sorted(by: { $0.key < $1.key }) {
            fact(name, { package, _ in package.state(of: version).map { package.candidateStates.removing($0) } ?? package.candidateStates },
                 { .pin(package: $0, version: version) })
        }
        for (name, version) in (request.locked ?? [:]).sorted(by: { $0.key < $1.key }) {
            fact(name, { package, _ in package.state(of: version).map { package.all.removing($0) } ?? package.all },
                 { .locked(package: $0, version: version) })
        }
        for name in request.removing.sorted() {
            fact(name, { package, _ in package.candidateStates }, { .removal(package: $0) })
        }
        try throwPendingFailures()
    }

    private mutating func throwPendingFailures() throws(SolverFailure) {
        guard pendingFailures.isEmpty else { throw SolverFailure(rootCauses: pendingFailures) }
    }

    /// Loads `name` if needed and gives every newly loaded package its place and its own facts.
    private mutating func packageID(named name: String) -> Int {
        let id = universe.id(of: name)
        for package in universe.takeNewlyLoaded() {
            solution.register(package: package, all: universe[package].all)
            watches.register(package: package)
            inChanged.append(false)
            activity.append(0)
            if let locked = request.locked, locked[universe[package].name] == nil {
                let terms = [Term(package: package, set: universe[package].candidateStates)]
                store(Incompatibility.make(terms, cause: .notLocked(package: package), allStates: solution.allStates))
            }
        }
        return id
    }

    /// Stores and indexes an incompatibility. One with no terms can never hold: it is a failure,
    /// raised by the next propagation (so a request with several such facts names them all).
    private mutating func store(_ incompatibility: Incompatibility?) {
        guard let incompatibility else { return }
        let id = append(incompatibility)
        if incompatibility.terms.isEmpty {
            pendingFailures.append(id)
        } else {
            index(id)
        }
    }

    private mutating func append(_ incompatibility: Incompatibility) -> Int {
        incompatibilities.append(incompatibility)
        termSpans.append(termStore.count..<termStore.count + incompatibility.terms.count)
        termStore += incompatibility.terms
        return incompatibilities.count - 1
    }

    private mutating func index(_ id: Int) {
        for position in termSpans[id] {
            let term = termStore[position]
            watches.add(id, on: term)
            markChanged(term.package)
        }
        unchecked.append(id)
    }

    private mutating func markChanged(_ package: Int) {
        if !inChanged[package] {
            inChanged[package] = true
            pendingChanged.append(package)
        }
    }

    // MARK: Decisions

    /// Among the undecided packages that must be present: one with a single possible version,
    /// else the one most often blamed by learned incompatibilities, else the one with the fewest
    /// possible versions (fail fast), else the first found. Once none is left, any undecided
    /// package, which will be decided absent.
    private mutating func nextPackage() -> Int? {
        var best: Int?
        var bestKey = (Int.max, Int.max, Int.max)
        var absentable: Int?
        for package in 0..<solution.decided.count where solution.decided[package] == nil {
            let states = solution.accumulated[package]
            if states.contains(0) {
                if absentable == nil { absentable = package }
                continue
            }
            let count = states.count
            let key = (count == 1 ? 0 : 1, -activity[package], count)
            if key < bestKey {
                best = package
                bestKey = key
                if count == 1 { break }
            }
        }
        return best ?? absentable
    }

    private mutating func preferredState(of package: Int) -> Int {
        let states = solution.accumulated[package]
        let name = universe[package].name
        if !request.upgradeAll, !request.upgrade.contains(name), let installed = request.installed[name],
           let state = universe[package].state(of: installed), states.contains(state) {
            return state
        }
        // A pre-release is never picked up silently: releases first, unless the package is
        // installed at a pre-release already (then it follows its pre-release track).
        let installedPrerelease = request.installed[name]?.isPrerelease ?? false
        guard let newest = (installedPrerelease ? nil : states.intersection(universe[package].releases).newestCandidate)
            ?? states.newestCandidate else {
            preconditionFailure("a package that must be present has no possible version left")
        }
        return newest
    }

    /// Adds the chosen version's dependencies, then decides it unless one of them already fails.
    private mutating func decideVersion(of package: Int) throws(SolverFailure) {
        let state = preferredState(of: package)
        let candidates = universe.packages[package].candidates
        var failsAlready = false
        for (index, requirement) in candidates[state - 1].requires.enumerated()
        where !addedDependencies.contains(DependencyKey(dependent: package, state: state, index: index)) {
            let target = packageID(named: requirement.name)
            // Every version of the dependent with the very same requirement shares one incompatibility,
            // which is what lets the explanation say "prompt 2.0.0 and 2.1.0 require http ^3.0".
            // (Equal range texts parse to equal ranges.)
            var group = VersionSet.empty
            for offset in candidates.indices {
                let requires = candidates[offset].requires
                for position in requires.indices
                where requires[position].name == requirement.name && requires[position].range.text == requirement.range.text {
                    group.insert(offset + 1)
                    addedDependencies.insert(DependencyKey(dependent: package, state: offset + 1, index: position))
                }
            }
            let outside = solution.allStates[target].subtracting(universe.states(of: target, in: requirement.range))
            let made = Incompatibility.make([Term(package: package, set: group), Term(package: target, set: outside)],
                                            cause: .dependency(dependent: package, versions: group, requirement: requirement, target: target),
                                            allStates: solution.allStates)
            store(made)
            if let made, made.terms.allSatisfy({ $0.package == package || solution.accumulated[$0.package].isSubset(of: $0.set) }) {
                failsAlready = true
            }
        }
        if !failsAlready {
            solution.decide(package, state: state)
            decisions += 1
        }
        markChanged(package)
    }

    // MARK: Unit propagation

    /// Derives everything the incompatibilities force, resolving conflicts on the way.
    ///
    /// When a package's possible states shrink, an incompatibility can only become unit or
    /// conflicting through it if its term on that package has just become satisfied, so the
    /// others are skipped after one subset test per distinct term (the bitset version of watched
    /// literals).
    /// New incompatibilities are looked at once as a whole.
    private mutating func propagate() throws(SolverFailure) {
        try throwPendingFailures()
        while let id = unchecked.popLast() { try check(id) }
        outer: while let package = pendingChanged.popLast() {
            inChanged[package] = false
            let states = solution.accumulated[package]
            var group = watches.firstGroup[package]
            while group >= 0 {
                if states.isSubset(of: watches.groupSet[group]) {
                    var member = watches.firstMember[group]
                    while member >= 0 {
                        if try check(watches.memberIncompatibility[member]) { continue outer }
                        member = watches.nextMember[member]
                    }
                }
                group = watches.nextGroup[group]
            }
        }
    }

    /// Derives what `id` forces, or resolves the conflict it shows; true after a conflict (and its backjump).
    @discardableResult
    private mutating func check(_ id: Int) throws(SolverFailure) -> Bool {
        switch relation(id) {
        case .inconclusive:
            return false
        case .almostSatisfied(let term):
            derive(term, cause: id)
            markChanged(term.package)
            return false
        case .conflict:
            conflicts += 1
            let learned = try resolveConflict(id)
            for stale in pendingChanged { inChanged[stale] = false }
            pendingChanged.removeAll()
            guard case .almostSatisfied(let term) = relation(learned) else {
                preconditionFailure("a learned incompatibility is not almost satisfied after backjumping")
            }
            derive(term, cause: learned)
            markChanged(term.package)
            return true
        }
    }

    // `relation`, `nextPackage` and `preferredState` only read, but are `mutating` so that calls
    // from the mutating search loop use `self` in place: as plain methods each call copied the
    // whole solver first (seen in the profile as a 216-byte memcpy per incompatibility looked at).
    private mutating func relation(_ id: Int) -> Relation {
        var unsatisfied: Term?
        for index in termSpans[id] {
            let term = termStore[index]
            let states = solution.accumulated[term.package]
            if states.isSubset(of: term.set) { continue }
            if states.isDisjoint(with: term.set) || unsatisfied != nil { return .inconclusive }
            unsatisfied = term
        }
        return unsatisfied.map(Relation.almostSatisfied) ?? .conflict
    }

    private mutating func derive(_ term: Term, cause: Int) {
        solution.deriveNot(term, cause: cause)
    }

    // MARK: Conflict resolution

    /// Resolves the conflicting incompatibility against the causes of its satisfiers until it
    /// pins the blame on one decision level, stores what it learned, backjumps, and returns it.
    private mutating func resolveConflict(_ conflict: Int) throws(SolverFailure) -> Int {
        var currentID = conflict
        var isNew = false
        while true {
            let current = incompatibilities[currentID]
            if current.terms.isEmpty { throw SolverFailure(rootCauses: [currentID]) }

            var satisfierIndex = -1
            var satisfierTerm = current.terms[0]
            var previousLevel = 0
            for term in current.terms {
                let index = solution.satisfier(of: term)
                if index > satisfierIndex {
                    if satisfierIndex >= 0 { previousLevel = max(previousLevel, solution.assignments[satisfierIndex].level) }
                    satisfierIndex = index
                    satisfierTerm = term
                } else {
                    previousLevel = max(previousLevel, solution.assignments[index].level)
                }
            }
            let satisfier = solution.assignments[satisfierIndex]
            if let previous = solution.previousSatisfier(of: satisfierTerm, before: satisfierIndex) {
                previousLevel = max(previousLevel, solution.assignments[previous].level)
            }

            guard let causeID = satisfier.cause, previousLevel == satisfier.level else {
                if isNew { index(currentID) }
                for term in current.terms { activity[term.package] += 1 }
                solution.backtrack(to: previousLevel)
                return currentID
            }

            // current says: not (rest ∧ p ∈ S); the cause says: not (its rest ∧ p ∈ T).
            // Together: not (both rests ∧ p ∈ S ∪ T).
            let cause = incompatibilities[causeID]
            let package = satisfierTerm.package
            var terms = current.terms.filter { $0.package != package } + cause.terms.filter { $0.package != package }
            if let causeTerm = cause.term(for: package) {
                terms.append(Term(package: package, set: satisfierTerm.set.union(causeTerm.set)))
            }
            guard let derived = Incompatibility.make(terms, cause: .derived(currentID, causeID), allStates: solution.allStates) else {
                preconditionFailure("resolving two incompatibilities satisfied together gave a vacuous one")
            }
            currentID = append(derived)
            isNew = true
        }
    }
}
