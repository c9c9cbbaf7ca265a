/// A JSON document held in memory.
///
/// Integers that fit in 64 bits are kept as `.int` so configuration values such as ports and
/// counters survive a parse/serialise round trip exactly; every other number is a `.double`.
///
/// Not `indirect`: arrays and dictionaries already hold their elements out of line, and boxing
/// every value cost an allocation per scalar and a retain/release at every step of a walk.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}
