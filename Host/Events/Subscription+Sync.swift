extension Subscription {
    /// Calls the handler on this thread unless the subscription is gone. Returns whether it was called.
    ///
    /// The count-then-check order pairs with unsubscribe's clear-then-wait (both sequentially consistent):
    /// either this call sees the subscription gone, or unsubscribe sees the call in progress and waits.
    @inline(__always)
    func deliverNow(_ event: BusEvent, on stack: DeliveryStack) -> Bool {
        callsInProgress.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let called = isActive.load(ordering: .sequentiallyConsistent)
        if called {
            stack.push(id.rawValue)
            handler(event)
            stack.pop()
            delivered.wrappingAdd(1, ordering: .relaxed)
        }
        callsInProgress.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        if !isActive.load(ordering: .sequentiallyConsistent) { handlerExits.notifyAll() }
        return called
    }

    /// After `isActive` is cleared: returns once every call of the handler has finished except the
    /// ones running further up this thread's own stack, which cannot finish before we return.
    func waitForOtherThreadsCalls() {
        let ownCalls = DeliveryStack.callsOnCurrentThread(of: id.rawValue)
        handlerExits.wait { callsInProgress.load(ordering: .sequentiallyConsistent) <= ownCalls }
    }
}
