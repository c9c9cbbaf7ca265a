/// Routes other plugins register through `http.route.register`: a method, a path pattern whose
/// `{name}` segments capture one path segment, and the capability that answers.
public struct RouteTable: Sendable {
    public struct Route: Codable, Sendable, Equatable {
        public var method: String
        public var path: String
        public var capability: String
        /// The handler streams its response through `http.stream.send` (see `ResponseStream`).
        public var stream: Bool?
        /// Who authenticates the request: the http plugin's bearer tokens (default) or the handler.
        public var auth: Authentication?

        public init(method: String, path: String, capability: String, stream: Bool? = nil, auth: Authentication? = nil) {
            self.method = method
            self.path = path
            self.capability = capability
            self.stream = stream
            self.auth = auth
        }

        /// The handler checks its own credentials (a gateway's API keys): the http plugin asks
        /// for no token and passes every header on, `authorization` included.
        public var authenticatedByHandler: Bool { auth == .handler }

        /// The plugin that owns the handler (routes point only at their plugin's capabilities).
        public var owner: String {
            String(capability.prefix { $0 != "." })
        }
    }

    /// `token`: the caller needs an http bearer token that allows the route's capability.
    /// `handler`: the route is open at the http layer and its handler authenticates the caller.
    /// Safe to offer because a plugin may route only to its own capabilities (it can already do
    /// anything those do), admin paths stay reserved, and the http plugin's token-guarded routes
    /// are unaffected.
    public enum Authentication: String, Codable, Sendable {
        case token
        case handler
    }

    public struct Match: Equatable, Sendable {
        public var route: Route
        public var parameters: [String: String]
    }

    public private(set) var routes: [Route] = [] {
        // Each route's path split once here rather than on every request it might match.
        didSet { patterns = routes.map { Self.segments($0.path) } }
    }
    private var patterns: [[String]] = []

    public init() {}

    /// Paths the plugin serves itself; registering under them is refused.
    static let reservedPrefixes = ["/v1/plugins", "/v1/call", "/v1/events", "/healthz", "/readyz", "/metrics"]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// Adds a route; re-registering the same method and pattern replaces its capability.
    public mutating func register(_ route: Route) throws(RouteError) {
        let method = route.method.uppercased()
        guard Self.methods.contains(method) else {
            throw RouteError("method \(route.method) is not one of \(Self.methods.joined(separator: ", "))")
        }
        guard route.path.hasPrefix("/"), !route.path.contains("?"), !route.path.contains("#") else {
            throw RouteError("path \(route.path) must start with / and have no query or fragment")
        }
        for prefix in Self.reservedPrefixes where route.path == prefix || route.path.hasPrefix(prefix + "/") {
            throw RouteError("path \(route.path) is reserved for the admin API (\(prefix))")
        }
        var names = Set<String>()
        for segment in Self.segments(route.path) where segment.hasPrefix("{") {
            guard segment.hasSuffix("}"), segment.count > 2 else { throw RouteError("path segment \(segment) is not a {name} parameter") }
            guard names.insert(segment).inserted else { throw RouteError("parameter \(segment) appears twice in \(route.path)") }
        }
        guard !route.capability.isEmpty else { throw RouteError("capability must not be empty") }
        var normalised = route
        normalised.method = method
        routes.removeAll { $0.method == method && $0.path == route.path }
        routes.append(normalised)
    }

    @discardableResult
    public mutating func unregister(method: String, path: String) -> Bool {
        let before = routes.count
        routes.removeAll { $0.method == method.uppercased() && $0.path == path }
        return routes.count != before
    }

    /// The route for a request; literal segments win over parameters when two patterns match.
    public func match(method: String, path: String) -> Match? {
        let actual = Self.segments(path)
        let method = method.uppercased()
        var best: (match: Match, literals: Int)?
        for (route, pattern) in zip(routes, patterns) where route.method == method {
            guard pattern.count == actual.count else { continue }
            var parameters: [String: String] = [:]
            var literals = 0
            var matched = true
            for (expected, given) in zip(pattern, actual) {
                if expected.hasPrefix("{") {
                    parameters[String(expected.dropFirst().dropLast())] = given
                } else if expected == given {
                    literals += 1
                } else {
                    matched = false
                    break
                }
            }
            if matched, best.map({ literals > $0.literals }) ?? true {
                best = (Match(route: route, parameters: parameters), literals)
            }
        }
        return best?.match
    }

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}

public struct RouteError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
