import AIPluginKit
import Foundation

/// The guardrails plugin's native `guardrails.screen`: the verdict's action for a text without a
/// message round trip, JSON or an event (see Plugins/guardrails/README.md). Most texts are
/// allowed, and for those this is the whole check; anything else goes on to `guardrails.check`,
/// which returns the findings and redacted text and announces the verdict once.
struct GuardrailsScreen: @unchecked Sendable {
    typealias Function = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                                         UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    static let capability = "guardrails.screen"
    static let signature = "i32(str,str,str,str,str)"

    /// What a screen says about a text.
    enum Outcome: Equatable {
        case allowed
        /// Not allowed, or not decided here (an error, a text a C string cannot carry): ask
        /// `guardrails.check`.
        case needsCheck
        /// The provider is no longer running (stopped or replaced): ask `guardrails.check` and
        /// resolve the function again.
        case stale
    }

    private let function: Function
    private let caller: String

    /// nil when guardrails offers no native screen here: absent, an older version, or running in
    /// process isolation, where native functions are offered as message capabilities only.
    init?(context: PluginContext) {
        guard let handle = try? context.lookup(Self.capability, versionRange: "^1.0.0"),
              let native = try? context.native(handle, signature: Self.signature) else { return nil }
        function = native.function(as: Function.self)
        caller = context.pluginName
    }

    func screen(_ text: String, stage: String, policy: String?, role: String?) -> Outcome {
        text.withCString { cText in
            // A C string ends at its first NUL: such a text must be checked whole, by message.
            guard strlen(cText) == text.utf8.count else { return .needsCheck }
            return stage.withCString { cStage in
                (policy ?? "").withCString { cPolicy in
                    (role ?? "").withCString { cRole in
                        caller.withCString { cCaller in
                            switch function(cText, cStage, cPolicy, cRole, cCaller) {
                            case 0: .allowed
                            case -3: .stale
                            default: .needsCheck
                            }
                        }
                    }
                }
            }
        }
    }
}
