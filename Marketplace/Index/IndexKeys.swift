import Crypto
import Foundation

/// An Ed25519 public key a host trusts to sign a marketplace's index, written `ed25519:BASE64`
/// (the 32 raw key bytes) in the host config and on the command line.
public struct TrustedKey: Sendable, Hashable, CustomStringConvertible {
    public static let prefix = "ed25519:"
    /// The 32 raw key bytes (CryptoKit key types are not Sendable, bytes are).
    let raw: [UInt8]

    public init(parsing text: String) throws(KeyFormatError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.prefix) else {
            throw KeyFormatError("\(trimmed.debugDescription) is not a public key: expected ed25519:BASE64")
        }
        guard let raw = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))), raw.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw KeyFormatError("\(trimmed.debugDescription) is not a public key: the part after ed25519: must be 32 bytes in base64")
        }
        self.raw = Array(raw)
    }

    init(_ key: Curve25519.Signing.PublicKey) {
        self.raw = Array(key.rawRepresentation)
    }

    /// The form operators copy into configs: `ed25519:BASE64`.
    public var description: String { Self.prefix + Data(raw).base64EncodedString() }

    /// A short fingerprint for messages: the first 8 bytes of the key's SHA-256, in hex.
    public var fingerprint: String {
        SHA256.hash(data: raw).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// The private half, kept by a publisher in a file of its own (mode 0600) containing
/// `ed25519-private:BASE64`. Only `aip market publish` and `aip market keygen` touch it.
public struct SigningKey: Sendable {
    public static let prefix = "ed25519-private:"
    private let raw: [UInt8]
    private var key: Curve25519.Signing.PrivateKey {
        // The bytes were checked to form a key when this value was made.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) ?? Curve25519.Signing.PrivateKey()
    }

    public init() {
        raw = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    public init(fileContents text: String, file: String) throws(KeyFormatError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.prefix), let raw = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))),
              raw.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
            throw KeyFormatError("\(file) is not a signing key: expected one line ed25519-private:BASE64 (make one with `aip market keygen`)")
        }
        self.raw = Array(raw)
    }

    public var fileContents: String { Self.prefix + Data(raw).base64EncodedString() + "\n" }

    public var publicKey: TrustedKey { TrustedKey(key.publicKey) }

    public func signature(for message: [UInt8]) -> [UInt8] {
        // Signing with a valid key over bytes in memory does not fail with BoringSSL.
        (try? Array(key.signature(for: message))) ?? []
    }
}

public struct KeyFormatError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
