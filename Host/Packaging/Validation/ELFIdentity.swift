import Foundation

/// The ELF header fields that decide whether a library can be loaded on this machine.
///
/// AIPHost checks the same header before `dlopen`, but only to refuse; a validator also needs the
/// library's architecture to compare it with the manifest's `platform`, so it reads the header here.
struct ELFIdentity {
    let machine: UInt16
    let isSharedObject: Bool

    /// The architecture as a target triple spells it ("x86_64"), or a description for the rest.
    var architecture: String { Self.architectureNames[machine] ?? "ELF machine \(machine)" }

    static let architectureNames: [UInt16: String] = [
        3: "i686", 8: "mips", 20: "powerpc", 21: "powerpc64", 22: "s390x", 40: "arm",
        62: "x86_64", 183: "aarch64", 243: "riscv64", 258: "loongarch64",
    ]

    /// Reads the header of the file at `path`; throws a sentence saying why it is not a 64-bit
    /// little-endian ELF file (the only kind any supported host loads).
    static func read(path: String) throws(ELFIdentityError) -> ELFIdentity {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ELFIdentityError(reason: "cannot be opened for reading")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 20)) ?? Data())
        guard header.count >= 4, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else {
            throw ELFIdentityError(reason: "is not an ELF shared library")
        }
        guard header.count == 20 else { throw ELFIdentityError(reason: "is a truncated ELF file") }
        guard header[4] == 2 else { throw ELFIdentityError(reason: "is a 32-bit ELF file; plugins are 64-bit") }
        guard header[5] == 1 else { throw ELFIdentityError(reason: "is a big-endian ELF file; plugins are little-endian") }
        let type = UInt16(header[16]) | UInt16(header[17]) << 8
        let machine = UInt16(header[18]) | UInt16(header[19]) << 8
        return ELFIdentity(machine: machine, isSharedObject: type == 3)
    }
}

struct ELFIdentityError: Error {
    let reason: String
}
