/// The check digits that separate real identifiers from numbers that merely look like them.
enum Checksums {
    /// Luhn (ISO/IEC 7812) over ASCII digits.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit - 0x30)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// ISO 7064 MOD 11-2, the check character of the Chinese resident identity number (GB 11643).
    static func chineseResidentID(_ characters: [UInt8]) -> Bool {
        guard characters.count == 18 else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for index in 0..<17 {
            let digit = characters[index]
            guard digit >= 0x30, digit <= 0x39 else { return false }
            sum += Int(digit - 0x30) * weights[index]
        }
        let expected = Array("10X98765432".utf8)[sum % 11]
        let last = characters[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : characters[17]
        return last == expected
    }

    /// IBAN (ISO 13616): country letters and check digits moved to the end, letters as numbers,
    /// the whole number mod 97 must be 1. `characters` are upper-case ASCII without spaces.
    static func iban(_ characters: [UInt8]) -> Bool {
        guard characters.count >= 15, characters.count <= 34 else { return false }
        let rearranged = characters[4...] + characters[..<4]
        var remainder = 0
        for character in rearranged {
            switch character {
            case 0x30...0x39:
                remainder = (remainder * 10 + Int(character - 0x30)) % 97
            case 0x41...0x5A:
                remainder = (remainder * 100 + Int(character - 0x41 + 10)) % 97
            default:
                return false
            }
        }
        return remainder == 1
    }

    /// IBAN lengths by country (the SWIFT registry), so a mod-97 coincidence of the wrong length
    /// is not an IBAN.
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
        "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
        "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
        "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27,
        "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24,
        "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23,
        "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// Shannon entropy in bits per character.
    static func entropy(_ characters: ArraySlice<UInt8>) -> Double {
        var counts = [Int](repeating: 0, count: 128)
        for character in characters where character < 128 { counts[Int(character)] += 1 }
        let total = Double(characters.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            bits -= p * log2(p)
        }
        return bits
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
