/// A plugin lifecycle function, as the host calls it.
public enum LifecycleFunction: String, Sendable, Codable {
    case initialise = "init", start, stop, shutdown
}

/// One host-table call a plugin made, as a `HostCallObserver` sees it (after the call returned).
public struct ObservedHostCall: Sendable {
    /// The calling plugin (the owner of the `aip_host_ctx *` it passed).
    public let plugin: String
    /// The host-table function, named as in aip_plugin.h: "publish", "lookup", "log", …
    public let function: String
    /// What the call named: the topic, capability, pattern or subscription; nil when none.
    public let subject: String?
    /// What it returned; nil for functions that return no status (log, config_json, …).
    public let status: Int32?

    public init(plugin: String, function: String, subject: String?, status: Int32?) {
        self.plugin = plugin
        self.function = function
        self.subject = subject
        self.status = status
    }
}

/// Watches a host from outside: when it enters and leaves each plugin's lifecycle functions, and
/// every host-table call its plugins make. `aip plugin test` uses it to catch plugins that call
/// the host out of order (before `start`, after `shutdown`) or publish outside their topics.
///
/// A host built without an observer hands plugins the plain host table, so ordinary hosts pay
/// nothing; with one, plugins get a table whose functions report each call, then forward it.
/// Callbacks run on whatever thread made the call and must not call back into the plugin.
public protocol HostCallObserver: Sendable {
    func hostWillCall(_ function: LifecycleFunction, of plugin: String)
    /// `status` is what the function returned; nil for `shutdown`, which returns nothing.
    func hostDidCall(_ function: LifecycleFunction, of plugin: String, status: Int32?)
    func pluginCalledHost(_ call: ObservedHostCall)
}
