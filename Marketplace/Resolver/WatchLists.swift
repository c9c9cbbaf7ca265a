/// For each package, the incompatibilities that mention it, grouped by their term on that
/// package: singly linked lists kept in flat arrays (the classic SAT watch-list layout), newest
/// group and newest member first. Walking them touches only integers and bitsets.
struct WatchLists {
    /// Per package: its newest group, or -1.
    private(set) var firstGroup: [Int] = []
    /// Per group: the package's next (older) group, its term set and its newest member.
    private(set) var nextGroup: [Int] = []
    private(set) var groupSet: [VersionSet] = []
    private(set) var firstMember: [Int] = []
    /// Per member: the incompatibility and the next (older) member of its group.
    private(set) var memberIncompatibility: [Int] = []
    private(set) var nextMember: [Int] = []
    /// Per package: term set → group, to find a group when adding.
    private var groupOf: [[VersionSet: Int]] = []

    mutating func register(package: Int) {
        precondition(package == firstGroup.count, "packages register in id order")
        firstGroup.append(-1)
        groupOf.append([:])
    }

    mutating func add(_ incompatibility: Int, on term: Term) {
        let group: Int
        if let existing = groupOf[term.package][term.set] {
            group = existing
        } else {
            group = groupSet.count
            groupSet.append(term.set)
            nextGroup.append(firstGroup[term.package])
            firstMember.append(-1)
            firstGroup[term.package] = group
            groupOf[term.package][term.set] = group
        }
        memberIncompatibility.append(incompatibility)
        nextMember.append(firstMember[group])
        firstMember[group] = memberIncompatibility.count - 1
    }
}
