/// The Swift compiler version this module was built with, e.g. "6.3.1".
///
/// Swift has no stable ABI on Linux, so a Swift plugin records the compiler that built it and
/// the host refuses a plugin built by any other one. Both sides compile this same file, so the
/// comparison is exact. `#if compiler` is the only compile-time source of the version.
public enum SwiftToolchain {
    public static let version: String = {
        #if compiler(>=6.5)
        return "6.5+"
        #elseif compiler(>=6.4.3)
        return "6.4.3"
        #elseif compiler(>=6.4.2)
        return "6.4.2"
        #elseif compiler(>=6.4.1)
        return "6.4.1"
        #elseif compiler(>=6.4)
        return "6.4.0"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3.0"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }()
}
