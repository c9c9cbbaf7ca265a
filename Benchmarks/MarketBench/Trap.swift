import AIPMarketResolver
import AIPVersioning

/// Four packages added to the synthetic index where the newest versions lead into a dead end
/// found only three requirements down, so the resolver must backtrack through many versions:
///
/// - `trap-base` 1.0.0 … 1.9.0 and 2.0.0 … 2.9.0;
/// - `trap-leaf` 1.x requires `trap-base ^1`, 2.x requires `trap-base ^2`;
/// - `trap-mid` versions 2.0 … 2.14 each require a different `trap-leaf ^2.k`, 1.x require `trap-leaf ^1.0`;
/// - `trap-app` 3.0 … 3.14 each require a different `trap-mid ^2.k` and two popular synthetic
///   packages, 2.x require `trap-mid ^1.0`.
///
/// Asking for `trap-app` with `trap-base ^1` forces every 3.x of the app to be ruled out.
enum Trap {
    static func candidates(popular: [PackageRequirement]) -> [PackageCandidate] {
        func v(_ major: Int, _ minor: Int) -> SemanticVersion { SemanticVersion(major: major, minor: minor, patch: 0) }
        func needs(_ name: String, _ range: String) -> PackageRequirement {
            PackageRequirement(name: name, range: (try? VersionRange(parsing: range)) ?? .any)
        }
        var result: [PackageCandidate] = []
        for major in 1...2 {
            for minor in 0..<10 {
                result.append(PackageCandidate(name: "trap-base", version: v(major, minor)))
                result.append(PackageCandidate(name: "trap-leaf", version: v(major, minor), requires: [needs("trap-base", "^\(major).0")]))
            }
        }
        for minor in 0..<5 {
            result.append(PackageCandidate(name: "trap-mid", version: v(1, minor), requires: [needs("trap-leaf", "^1.0")]))
            result.append(PackageCandidate(name: "trap-app", version: v(2, minor), requires: [needs("trap-mid", "^1.0")] + popular))
        }
        for minor in 0..<15 {
            result.append(PackageCandidate(name: "trap-mid", version: v(2, minor), requires: [needs("trap-leaf", "^2.\(minor % 10)")]))
            result.append(PackageCandidate(name: "trap-app", version: v(3, minor),
                                           requires: [needs("trap-mid", "^2.\(minor)")] + popular))
        }
        return result
    }
}
