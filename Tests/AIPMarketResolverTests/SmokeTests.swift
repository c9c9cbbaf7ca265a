import AIPMarketResolver
import XCTest

final class SmokeTests: XCTestCase {
    func testBriefExample() {
        let index = IndexFixture("""
            gateway 1.4.0 -> http ^2.1
            prompt 2.0.0 -> http ^3.0
            prompt 2.1.0 -> http ^3.0
            http 2.1.0
            http 2.2.3
            http 3.0.0
            """)
        print(explanation(index, ResolutionRequest(roots: [requirement("gateway ^1.4"), requirement("prompt ^2.0")])))
        print(resolve(index, ResolutionRequest(roots: [requirement("gateway ^1.4")]))?.chosen ?? [:])
    }
}
