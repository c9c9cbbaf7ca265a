/// The routes the http plugin serves itself, and the permission each needs.
public enum AdminRoute: Equatable, Sendable {
    case healthz
    case readyz
    case metrics
    case listPlugins
    case pluginAction(plugin: String, action: PluginAction)
    case call(capability: String)
    case events
    case notFound
    /// Right path, wrong method.
    case methodNotAllowed(allowed: String)

    public enum PluginAction: String, Sendable, CaseIterable {
        case enable, disable, reload
    }

    /// Permission name for the event stream (not a callable capability).
    public static let eventsPermission = "host.events.stream"

    public static func match(method: String, path: String) -> AdminRoute {
        // Substrings: no String is made for a segment that is only compared.
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        func expect(_ wanted: String, _ route: AdminRoute) -> AdminRoute {
            method == wanted ? route : .methodNotAllowed(allowed: wanted)
        }
        switch segments.count {
        case 1 where segments[0] == "healthz": return expect("GET", .healthz)
        case 1 where segments[0] == "readyz": return expect("GET", .readyz)
        case 1 where segments[0] == "metrics": return expect("GET", .metrics)
        case 2 where segments[0] == "v1" && segments[1] == "plugins": return expect("GET", .listPlugins)
        case 2 where segments[0] == "v1" && segments[1] == "events": return expect("GET", .events)
        case 3 where segments[0] == "v1" && segments[1] == "call": return expect("POST", .call(capability: String(segments[2])))
        case 4 where segments[0] == "v1" && segments[1] == "plugins":
            guard let action = PluginAction(rawValue: String(segments[3])) else { return .notFound }
            return expect("POST", .pluginAction(plugin: String(segments[2]), action: action))
        default: return .notFound
        }
    }

    /// What the token must allow; nil for the open health check.
    public var permission: String? {
        switch self {
        case .healthz, .notFound, .methodNotAllowed: return nil
        case .readyz: return "host.health"
        case .metrics: return "host.metrics"
        case .listPlugins: return "host.plugins.list"
        case .pluginAction(_, let action): return "host.plugins.\(action.rawValue)"
        case .call(let capability): return capability
        case .events: return Self.eventsPermission
        }
    }
}
