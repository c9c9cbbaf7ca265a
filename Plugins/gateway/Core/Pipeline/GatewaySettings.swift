import Foundation
/// The gateway's behaviour switches, from its config section.
public struct GatewaySettings: Sendable {
    public var checkInput: Bool
    public var checkOutput: Bool
    /// The guardrails policy when the request names none (nil: the guardrails plugin's default).
    public var guardrailsPolicy: String?
    public var streamHoldbackChars: Int
    public var streamCheckChars: Int
    public var checkBudget: Bool
    public var recordUsage: Bool
    public var publishEvents: Bool

    public init(checkInput: Bool = true, checkOutput: Bool = true, guardrailsPolicy: String? = nil, streamHoldbackChars: Int = 64,
                streamCheckChars: Int = 48, checkBudget: Bool = true, recordUsage: Bool = true, publishEvents: Bool = true) {
        self.checkInput = checkInput
        self.checkOutput = checkOutput
        self.guardrailsPolicy = guardrailsPolicy
        self.streamHoldbackChars = streamHoldbackChars
        self.streamCheckChars = streamCheckChars
        self.checkBudget = checkBudget
        self.recordUsage = recordUsage
        self.publishEvents = publishEvents
    }
}

/// Where a streamed reply goes. `write` answers false once the client is gone, which cancels
/// the upstream request.
public protocol ChatStreamSink: AnyObject, Sendable {
    func write(_ bytes: [UInt8]) -> Bool
    var isClosed: Bool { get }
}

/// Collects a stream in memory (for callers that cannot stream, such as a capability call).
public final class BufferedStreamSink: ChatStreamSink, @unchecked Sendable {
    private var collected: [UInt8] = []
    private let lock = NSLock()

    public init() {}

    public func write(_ bytes: [UInt8]) -> Bool {
        lock.withLock { collected.append(contentsOf: bytes) }
        return true
    }

    public var isClosed: Bool { false }
    public var bytes: [UInt8] { lock.withLock { collected } }
}
