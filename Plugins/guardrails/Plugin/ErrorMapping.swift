import AIPluginKit
import GuardrailsCore

extension GuardrailsError {
    /// The ABI status a caller sees for each refusal; the message is the error's own description.
    var pluginError: PluginError {
        switch self {
        case .unknownPolicy: PluginError(.notFound, description)
        case .inputTooLarge: PluginError(.resourceExhausted, description)
        case .unknownVaultKey: PluginError(.notFound, description)
        case .invalidUTF8, .malformedTermList, .unreadableFile, .invalidConfig, .invalidClassifier: PluginError(.invalidArgument, description)
        }
    }
}
