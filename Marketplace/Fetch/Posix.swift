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

/// The few directory operations the cache needs.
enum PosixDirectory {
    /// Entry names, or none when the directory does not exist.
    static func names(in path: String) throws(FetchError) -> [String] {
        guard let handle = opendir(path) else {
            if errno == ENOENT { return [] }
            throw PosixFailure.ioError("listing", errno, path: path)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func size(of path: String) throws(FetchError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw PosixFailure.ioError("reading the size of", errno, path: path) }
        return Int64(info.st_size)
    }

    /// Removes a file and returns its size; a file already gone counts as removed.
    static func remove(_ path: String) throws(FetchError) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        guard unlink(path) == 0 || errno == ENOENT else { throw PosixFailure.ioError("deleting", errno, path: path) }
        return Int64(info.st_size)
    }
}
