import AIPHost

/// JSON argument arrays for native capabilities, called through the host's libffi path.
enum NativeArguments {
    /// The "zero-ish" call: every argument the zero of its type (0, 0.0, false, "").
    static func zeros(for signature: NativeSignature) -> String {
        "[" + signature.arguments.map(zero).joined(separator: ", ") + "]"
    }

    private static func zero(_ type: NativeSignature.ValueType) -> String {
        switch type {
        case .bool: return "false"
        case .f32, .f64: return "0.0"
        case .str: return "\"\""
        case .i32, .i64, .u32, .u64, .void: return "0"
        }
    }

    /// Arguments of the right types holding edge values (extreme integers, huge or odd strings),
    /// now and then one argument too many or too few.
    static func edgeValues(for signature: NativeSignature, noise: inout JSONNoise) -> [UInt8] {
        var values = signature.arguments.map { edgeValue($0, noise: &noise) }
        if noise.random.chance(1, in: 8) {
            if values.isEmpty || noise.random.chance(1, in: 2) {
                values.append("0")
            } else {
                values.removeLast()
            }
        }
        return Array(("[" + values.joined(separator: ",") + "]").utf8)
    }

    private static func edgeValue(_ type: NativeSignature.ValueType, noise: inout JSONNoise) -> String {
        switch type {
        case .bool: return noise.random.chance(1, in: 2) ? "true" : "false"
        case .i32: return noise.random.element(of: ["0", "-1", "1", "2147483647", "-2147483648", String(noise.random.int(in: -1000...1000))])
        case .i64, .void:
            return noise.random.element(of: ["0", "-1", "1", "9223372036854775807", "-9223372036854775807", "4294967296",
                                             String(noise.random.int(in: -1_000_000...1_000_000))])
        case .u32: return noise.random.element(of: ["0", "1", "4294967295", "2147483648", String(noise.random.int(in: 0...1000))])
        case .u64: return noise.random.element(of: ["0", "1", "9223372036854775807", "4294967296", String(noise.random.int(in: 0...1000))])
        case .f32, .f64:
            return noise.random.element(of: ["0.0", "-0.0", "1e308", "-1e308", "5e-324", "3.4028234663852886e38", "1e-45", "0.1"])
        case .str:
            switch noise.random.int(in: 0...4) {
            case 0: return "\"\""
            case 1: return "\"" + String(repeating: "x", count: 4097 << noise.random.int(in: 0...5)) + "\""
            case 2: return "\"\\u0000hidden after a NUL\""
            case 3: return "\"%s%s%s%n%x\""
            default: return noise.quoted(noise.text(maxLength: 64))
            }
        }
    }
}
