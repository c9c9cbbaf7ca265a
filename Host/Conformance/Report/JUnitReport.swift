import Foundation

/// The report as JUnit XML, which CI systems display natively: one testsuite, one testcase per
/// check and capability, a `<failure>` (message and details) or `<skipped>` where it applies.
public enum JUnitReport {
    public static func xml(_ report: ConformanceReport) -> String {
        let name = report.plugin ?? URL(fileURLWithPath: report.library).lastPathComponent
        let failures = report.results.filter { $0.outcome == .failed }.count
        let skipped = report.results.filter { $0.outcome == .skipped }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"\(escape("aip plugin test \(name)"))\" tests=\"\(report.results.count)\" failures=\"\(failures)\" "
            + "errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(report.milliseconds))\">\n"
        xml += "  <properties>\n"
        for (key, value) in [("plugin", name), ("version", report.version ?? ""), ("library", report.library),
                             ("seed", String(report.options.seed)), ("iterations", String(report.options.iterations)),
                             ("max-call-ms", String(report.options.maxCallMilliseconds))] {
            xml += "    <property name=\"\(key)\" value=\"\(escape(value))\"/>\n"
        }
        xml += "  </properties>\n"
        for result in report.results {
            let caseName = [result.check.rawValue, result.capability].compactMap { $0 }.joined(separator: " ")
            xml += "  <testcase classname=\"\(escape("\(name).\(result.check.rawValue)"))\" name=\"\(escape(caseName))\" time=\"\(seconds(result.milliseconds))\""
            switch result.outcome {
            case .passed:
                xml += "/>\n"
            case .skipped:
                xml += ">\n    <skipped message=\"\(escape(result.detail))\"/>\n  </testcase>\n"
            case .failed:
                let body = ([result.detail] + result.additionalDetails).joined(separator: "\n")
                xml += ">\n    <failure message=\"\(escape(result.detail))\" type=\"\(result.check.rawValue)\">\(escape(body))</failure>\n  </testcase>\n"
            }
        }
        xml += "</testsuite>\n"
        return xml
    }

    private static func seconds(_ milliseconds: Int) -> String {
        String(format: "%.3f", Double(milliseconds) / 1000)
    }

    /// Escapes markup and drops what XML 1.0 cannot carry at all (most control characters).
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n": escaped += "&#10;"
            case "\t", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                if allowed { escaped.unicodeScalars.append(scalar) } else { escaped += "\u{FFFD}" }
            }
        }
        return escaped
    }
}
