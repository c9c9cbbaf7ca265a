/// Why an `.aipkg` archive was refused or could not be unpacked; names the archive file.
public struct AipkgError: Error, CustomStringConvertible, Sendable, Equatable {
    public let archive: String
    public let reason: String

    public init(archive: String, reason: String) {
        self.archive = archive
        self.reason = reason
    }

    public var description: String { "\(archive): \(reason)" }
}
