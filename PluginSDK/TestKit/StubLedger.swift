import Synchronization

/// The calls plugins made to stubs. A class of its own so stub closures can hold it without
/// holding the test host: the host keeps stub closures for the life of the process, and capturing
/// the test host there would keep it (and its temporary directory) alive forever.
final class StubLedger: Sendable {
    private let calls = Mutex<[StubCall]>([])

    func record(_ call: StubCall) {
        calls.withLock { $0.append(call) }
    }

    func calls(to capability: String) -> [StubCall] {
        calls.withLock { $0.filter { $0.capability == capability } }
    }
}
