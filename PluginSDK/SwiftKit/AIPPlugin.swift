/// A plugin written in Swift. Conform a final class to this protocol, then export it with one line:
///
///     @_cdecl("aip_plugin_entry")
///     public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: MyPlugin.self) }
///
/// The kit builds the C descriptor from `manifest`, creates the instance in `init`, routes each
/// message capability to the handler of the same name, and turns every thrown error into a status
/// code and a JSON error body: nothing Swift ever crosses the C boundary.
public protocol AIPPlugin: AnyObject, Sendable {
    static var manifest: PluginManifest { get }
    /// Called once when the host initialises the plugin. Throwing refuses the plugin.
    init(context: PluginContext) throws
    /// Handlers of the message capabilities in `manifest.provides`, by capability name.
    var handlers: [String: CapabilityHandler] { get }
    /// Begin work; required capabilities are started by now.
    func start() throws
    /// Stop work; called before the plugins this one depends on stop.
    func stop() throws
    /// Release resources; no host service may be used after it returns.
    func shutdown()
}

extension AIPPlugin {
    public func start() throws {}
    public func stop() throws {}
    public func shutdown() {}
}
