#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns errno values into the fetch errors a caller can act on.
enum PosixFailure {
    static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// ENOSPC, EDQUOT and EFBIG (a `ulimit -f` or file-system size cap) mean the same to an operator:
    /// the bytes do not fit.
    static func writeError(_ code: Int32, path: String) -> FetchError {
        switch code {
        case ENOSPC, EDQUOT, EFBIG: return .diskFull(path: path)
        default: return .io(path: path, message: message(code))
        }
    }

    static func ioError(_ what: String, _ code: Int32, path: String) -> FetchError {
        .io(path: path, message: "\(what) failed: \(message(code))")
    }
}

enum PosixPath {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Makes the rename of a file in `directory` durable.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func makeDirectories(_ path: String) throws(FetchError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw PosixFailure.ioError("creating the directory", errno, path: prefix)
            }
        }
    }
}
