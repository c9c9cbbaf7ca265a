import Foundation

/// Checks that a file is a shared library this process can load, before `dlopen` sees it.
///
/// `dlopen` on a foreign file gives terse texts ("invalid ELF header", "wrong ELF class"); reading
/// the ELF header ourselves lets every refusal say what the file is and why it cannot load.
enum ELFInspector {
    static let hostMachine: UInt16 = {
        #if arch(x86_64)
        return 62
        #elseif arch(arm64)
        return 183
        #else
        return 0
        #endif
    }()

    static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 3: return "x86 (32-bit)"
        case 8: return "MIPS"
        case 20: return "PowerPC"
        case 21: return "PowerPC64"
        case 22: return "s390"
        case 40: return "ARM (32-bit)"
        case 62: return "x86_64"
        case 183: return "aarch64"
        case 243: return "RISC-V"
        case 258: return "LoongArch"
        default: return "machine \(machine)"
        }
    }

    /// Returns nil when the file looks loadable, else the reason it is not.
    static func problem(withFileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return "cannot be opened for reading"
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 64)) ?? Data())
        guard header.count >= 4, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else {
            let shown = header.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            return "is not an ELF shared library (first bytes: \(shown.isEmpty ? "empty file" : shown))"
        }
        guard header.count >= 20 else { return "is a truncated ELF file (\(header.count) bytes)" }
        let elfClass = header[4]
        let littleEndian = header[5] == 1
        guard elfClass == 2 else {
            return "is a 32-bit ELF file; this host is 64-bit \(machineName(hostMachine))"
        }
        let type = littleEndian ? UInt16(header[16]) | UInt16(header[17]) << 8 : UInt16(header[17]) | UInt16(header[16]) << 8
        let machine = littleEndian ? UInt16(header[18]) | UInt16(header[19]) << 8 : UInt16(header[19]) | UInt16(header[18]) << 8
        guard machine == hostMachine else {
            return "is built for \(machineName(machine)); this host is \(machineName(hostMachine))"
        }
        guard littleEndian else { return "is a big-endian ELF file; this host is little-endian" }
        guard type == 3 else {
            let kind = [1: "a relocatable object (.o)", 2: "an executable", 4: "a core dump"][Int(type)] ?? "ELF type \(type)"
            return "is \(kind), not a shared library"
        }
        return nil
    }
}
