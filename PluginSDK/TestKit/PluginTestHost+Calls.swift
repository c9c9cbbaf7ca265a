import AIPConfig
import AIPHost

extension PluginTestHost {
    /// Calls a JSON capability with `input` encoded as JSON and decodes its reply. A status other
    /// than `ok` throws `PluginTestError.callFailed` with the message of the error body.
    public func call<Input: Encodable, Output: Decodable>(_ capability: String, _ input: Input,
                                                          as: Output.Type = Output.self,
                                                          timeout: Duration? = nil) throws -> Output {
        let body = try JSONCoding.encode(input, what: "the input of \(capability)")
        return try decodeSuccess(callRaw(capability, body: body, timeout: timeout), of: capability)
    }

    /// Calls a JSON capability with an empty payload (which the ABI reads as `{}`).
    public func call<Output: Decodable>(_ capability: String, as: Output.Type = Output.self,
                                        timeout: Duration? = nil) throws -> Output {
        try decodeSuccess(callRaw(capability, timeout: timeout), of: capability)
    }

    /// Calls a capability with raw bytes and returns whatever it answered, failures included; only
    /// a time-out throws.
    public func callRaw(_ capability: String, body: [UInt8] = [], contentType: String = "application/json",
                        timeout: Duration? = nil) throws -> CallReply {
        let host = host
        let result = try Watchdog.run("call to \(capability)", timeout: timeout ?? self.timeout) {
            host.call(capability, body: body, contentType: contentType, caller: "test")
        }
        return CallReply(status: PluginStatus(rawValue: result.status), contentType: result.contentType, body: result.body)
    }

    /// Calls a native capability through libffi, the way generic callers (the CLI, pipelines) do:
    /// `arguments` must encode to a JSON array matching the signature, e.g. `[2, 3]` for
    /// `i64(i64,i64)`; the result is decoded from its JSON form (`str` → String, `void` → nil).
    public func callNative<Output: Decodable>(_ capability: String, _ arguments: some Encodable,
                                              as: Output.Type = Output.self, timeout: Duration? = nil) throws -> Output {
        let json = String(decoding: try JSONCoding.encode(arguments, what: "the arguments of \(capability)"), as: UTF8.self)
        return try callNative(capability, jsonArguments: json, as: Output.self, timeout: timeout)
    }

    /// `callNative` with the JSON array written out, for mixed argument types: `#"["abc", 2]"#`.
    public func callNative<Output: Decodable>(_ capability: String, jsonArguments: String,
                                              as: Output.Type = Output.self, timeout: Duration? = nil) throws -> Output {
        let host = host
        let serialized = try Watchdog.run("native call to \(capability)", timeout: timeout ?? self.timeout) { () throws -> String in
            do {
                return try host.callNative(capability, arguments: jsonArguments).serialized()
            } catch let failure as HostCallFailure {
                throw PluginTestError.callFailed(capability: capability, status: PluginStatus(rawValue: failure.status),
                                                 message: failure.message)
            } catch let failure as NativeCallError {
                throw PluginTestError.callFailed(capability: capability, status: .invalidArgument, message: failure.message)
            }
        }
        return try JSONCoding.decode(Output.self, from: Array(serialized.utf8), what: "the result of \(capability)")
    }

    private func decodeSuccess<Output: Decodable>(_ reply: CallReply, of capability: String) throws -> Output {
        guard reply.isOK else {
            throw PluginTestError.callFailed(capability: capability, status: reply.status, message: reply.errorMessage)
        }
        return try JSONCoding.decode(Output.self, from: reply.body, what: "the reply of \(capability)")
    }
}
