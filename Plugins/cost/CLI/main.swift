import CostCore
import Foundation

/// cost-cli: the cost plugin's catalogue and price arithmetic from the command line, for operators
/// (check a price file before importing it) and for the LiteLLM peer check (.ci/steps/20-cost-vs-litellm.sh).
///
///   cost-cli check-prices FILE                   parse a LiteLLM price file; print counts or the error
///   cost-cli costs FILE IN,OUT,CACHED [...]      one JSON line per imported model and token case
///   cost-cli price [--prices FILE] [--provider P] MODEL IN OUT [CACHED]
let usage = """
    usage: cost-cli check-prices FILE
           cost-cli costs FILE IN,OUT,CACHED [IN,OUT,CACHED ...]
           cost-cli price [--prices FILE] [--provider P] MODEL IN OUT [CACHED]
    """

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

func load(_ path: String) -> PriceImport {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let today = Day(unixMillis: Int64(Date().timeIntervalSince1970 * 1000))
    do {
        return try LiteLLMPriceFile.parse(Array(data), source: path, effectiveFrom: today)
    } catch {
        fail("\(error)")
    }
}

func tokens(_ text: String) -> TokenCounts {
    let parts = text.split(separator: ",").map { Int($0) }
    guard parts.count == 3, let input = parts[0], let output = parts[1], let cached = parts[2] else {
        fail("token case \"\(text)\" is not IN,OUT,CACHED", code: 64)
    }
    do {
        return try TokenCounts(input: input, output: output, cachedInput: cached)
    } catch {
        fail("\(error)", code: 64)
    }
}

func jsonString(_ text: String) -> String {
    String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail(usage, code: 64) }
arguments.removeFirst()

switch command {
case "check-prices":
    guard arguments.count == 1 else { fail(usage, code: 64) }
    let result = load(arguments[0])
    print("\(result.prices.count) models imported, \(result.skipped.count) entries skipped")
case "costs":
    guard arguments.count >= 2 else { fail(usage, code: 64) }
    let result = load(arguments[0])
    let cases = arguments.dropFirst().map(tokens)
    var output = ""
    for price in result.prices {
        for counts in cases {
            output += "{\"model\":\(jsonString(price.key)),\"provider\":\(jsonString(price.provider)),"
                + "\"input\":\(counts.input),\"output\":\(counts.output),\"cached\":\(counts.cachedInput),"
                + "\"cost\":\"\(price.cost(counts))\"}\n"
        }
        if output.utf8.count > 1 << 16 {
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
    }
    FileHandle.standardOutput.write(Data(output.utf8))
case "price":
    var pricesPath: String?
    var provider: String?
    var rest: [String] = []
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--prices" where index + 1 < arguments.count:
            pricesPath = arguments[index + 1]
            index += 2
        case "--provider" where index + 1 < arguments.count:
            provider = arguments[index + 1]
            index += 2
        default:
            rest.append(arguments[index])
            index += 1
        }
    }
    guard rest.count == 3 || rest.count == 4 else { fail(usage, code: 64) }
    let counts = tokens([rest[1], rest[2], rest.count == 4 ? rest[3] : "0"].joined(separator: ","))
    let catalogue = PriceCatalogue(BuiltinPrices.prices + (pricesPath.map { load($0).prices } ?? []))
    let today = Day(unixMillis: Int64(Date().timeIntervalSince1970 * 1000))
    do {
        let price = try catalogue.price(provider: provider, model: rest[0], on: today)
        print("\(price.key) (\(price.provider), from \(price.effectiveFrom)): \(price.cost(counts)) \(price.currency)")
    } catch {
        fail("\(error)", code: 2)
    }
default:
    fail(usage, code: 64)
}
