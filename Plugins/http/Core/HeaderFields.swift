/// The request headers a routed handler receives: names lower-cased, repeated fields joined with
/// ", " (RFC 9110 §5.3), in the order they came.
public enum HeaderFields {
    /// `withheld` names (lower-case) are left out: the http plugin's own bearer token is not the
    /// handler's business on routes the plugin authenticated.
    public static func envelope(_ fields: some Sequence<(name: String, value: String)>, withheld: Set<String> = []) -> [String: String] {
        var merged: [String: String] = [:]
        for (name, value) in fields {
            let key = name.lowercased()
            guard !withheld.contains(key) else { continue }
            if let earlier = merged[key] {
                merged[key] = earlier + ", " + value
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}
