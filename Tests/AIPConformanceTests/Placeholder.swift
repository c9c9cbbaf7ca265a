import XCTest

// Placeholder until the owner adds real tests.
final class AIPConformanceTestsPlaceholder: XCTestCase {}
