import AIPHost

/// Check 1: the image loads and the host accepts its descriptor (names, versions, signatures,
/// topic patterns, toolchain). A refusal fails the check with the host's own reason.
enum DescriptorCheck {
    static func run(_ request: ChildRequest, emitter: ChildEmitter) -> CheckResult {
        emitter.stage("load")
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(request.library) } catch {
            return .failed(.descriptor, nil, "refused by the host (\(error.stage.rawValue)): \(error.reason)")
        }
        let summary = DescriptorSummary(descriptor)
        emitter.send(ChildLine(descriptor: summary))
        return .passed(.descriptor, nil, describe(summary))
    }

    static func describe(_ summary: DescriptorSummary) -> String {
        let native = summary.capabilities.filter { $0.signature != nil }.count
        var text = "\(summary.name) \(summary.version) (\(summary.language)\(summary.threadSafe ? ", thread-safe" : "")): "
            + "\(summary.capabilities.count - native) message and \(native) native capabilities"
        if !summary.publishes.isEmpty { text += "; publishes \(summary.publishes.joined(separator: ", "))" }
        if !summary.subscribes.isEmpty { text += "; subscribes \(summary.subscribes.joined(separator: ", "))" }
        return text
    }
}
