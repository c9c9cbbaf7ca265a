@testable import AIPEvents
import XCTest

final class EventRingTests: XCTestCase {
    private func event(_ number: UInt64) -> BusEvent {
        BusEvent(topic: "t", contentType: "", payload: [], source: "", sequence: number, timestampNanos: 0)
    }

    func testFirstInFirstOutAcrossWrapAndGrowth() {
        var ring = EventRing(initialSlots: 2)
        var expected: [UInt64] = []
        var received: [UInt64] = []
        var next: UInt64 = 0
        // Interleave appends and removals so the head wraps before and after each growth.
        for round in 0..<50 {
            for _ in 0..<(round % 5 + 1) {
                ring.append(event(next))
                expected.append(next)
                next += 1
            }
            if let first = ring.removeFirst() { received.append(first.sequence) }
        }
        while let first = ring.removeFirst() { received.append(first.sequence) }
        XCTAssertEqual(received, expected)
        XCTAssertTrue(ring.isEmpty)
    }

    func testRemoveAllReportsHowManyWereDiscarded() {
        var ring = EventRing(initialSlots: 4)
        for number in 0..<7 { ring.append(event(UInt64(number))) }
        XCTAssertEqual(ring.count, 7)
        XCTAssertEqual(ring.removeAll(), 7)
        XCTAssertNil(ring.removeFirst())
        XCTAssertEqual(ring.removeAll(), 0)
    }
}
