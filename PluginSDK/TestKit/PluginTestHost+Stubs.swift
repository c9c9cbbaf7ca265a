import AIPHost

extension PluginTestHost {
    /// Provides `capability` from the test: plugins that require it reach `handler` through the
    /// host exactly as they would reach a real provider, and a plugin whose requirement it meets
    /// starts. Declare stubs before loading the plugins that need them. The handler may run on
    /// any thread, concurrently. Throw `StubFailure` from it to answer an error status.
    public func stub(_ capability: String, version: String = "1.0.0",
                     _ handler: @escaping @Sendable (StubCall) throws -> StubReply) throws {
        try ensureRunning()
        let ledger = stubLedger
        do {
            try host.provide(capability, version: version) { request in
                let call = StubCall(capability: request.capability, caller: request.caller,
                                    contentType: request.contentType, body: request.body)
                ledger.record(call)
                let reply: StubReply
                do { reply = try handler(call) } catch let failure as StubFailure {
                    reply = .error(failure.status, failure.message)
                } catch {
                    reply = .error(.internal, "stub \(capability) threw: \(error)")
                }
                return HostReply(status: reply.status.rawValue, contentType: reply.contentType, body: reply.body)
            }
        } catch {
            throw PluginTestError.invalidSetup("cannot stub \(capability): \(error.message)")
        }
    }

    /// A JSON stub: decodes each request as `Input` (answering `invalid_argument` when it does not
    /// decode) and encodes the handler's result as the reply.
    public func stub<Input: Decodable & SendableMetatype, Output: Encodable & SendableMetatype>(_ capability: String, version: String = "1.0.0",
                                                          _ handler: @escaping @Sendable (Input) throws -> Output) throws {
        try stub(capability, version: version) { (call: StubCall) throws -> StubReply in
            let input: Input
            do { input = try call.decode(Input.self) } catch {
                throw StubFailure(.invalidArgument, "\(error)")
            }
            return try StubReply.json(handler(input))
        }
    }

    /// Every call plugins made to the stub of `capability`, in order.
    public func calls(to capability: String) -> [StubCall] {
        stubLedger.calls(to: capability)
    }
}
