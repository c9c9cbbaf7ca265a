import AIPConfig
import XCTest

/// `${NAME}` expansion in configuration strings. The environment is always passed explicitly.
final class EnvironmentSubstitutionTests: XCTestCase {
    private func greeting(_ template: String, _ environment: [String: String],
                          file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        let text = #"{"plugins": {"greeter": {"greeting": \#(JSONValue.string(template).serialized())}}}"#
        return parseConfig(text, environment: environment, file: file, line: line)?.section(for: "greeter")["greeting"]
    }

    func testReplacesVariables() {
        XCTAssertEqual(greeting("Hello ${USER_NAME}!", ["USER_NAME": "Ada"]), "Hello Ada!")
        XCTAssertEqual(greeting("${A}${B}-${A}", ["A": "1", "B": "2"]), "12-1")
        XCTAssertEqual(greeting("${_private9}", ["_private9": "ok"]), "ok")
    }

    func testSetButEmptyVariableStaysEmpty() {
        XCTAssertEqual(greeting("[${EMPTY}]", ["EMPTY": ""]), "[]")
    }

    func testDefaultsApplyWhenUnsetOrEmpty() {
        XCTAssertEqual(greeting("Hello ${USER_NAME:-friend}", [:]), "Hello friend")
        XCTAssertEqual(greeting("Hello ${USER_NAME:-friend}", ["USER_NAME": ""]), "Hello friend")
        XCTAssertEqual(greeting("Hello ${USER_NAME:-friend}", ["USER_NAME": "Ada"]), "Hello Ada")
        XCTAssertEqual(greeting("${PORT:-}", [:]), "")
        XCTAssertEqual(greeting("${URL:-http://localhost:8080/x}", [:]), "http://localhost:8080/x")
    }

    func testDefaultsAreNotExpandedAgain() {
        XCTAssertEqual(greeting("${A:-${B}", ["B": "b"]), "${B")
    }

    func testSubstitutedValuesAreNotExpandedAgain() {
        XCTAssertEqual(greeting("${A}", ["A": "${B}", "B": "no"]), "${B}")
    }

    func testDoubleDollarEscapesAReference() {
        XCTAssertEqual(greeting("$${HOME} costs $$5", ["HOME": "/root"]), "${HOME} costs $$5")
        XCTAssertEqual(greeting("$$${HOME}", ["HOME": "/root"]), "$${HOME}")
    }

    func testOtherDollarSignsAreLiteral() {
        XCTAssertEqual(greeting("price: $5, $ and $}", [:]), "price: $5, $ and $}")
        XCTAssertEqual(greeting("trailing $", [:]), "trailing $")
    }

    func testNonASCIITextAroundReferences() {
        XCTAssertEqual(greeting("héllo ${WHO} 😀", ["WHO": "wörld"]), "héllo wörld 😀")
    }

    func testAppliesEverywhereButKeys() {
        let text = #"""
        {
          "host": {"data_dir": "${STATE:-/var/lib}/aip", "plugins_dirs": ["${HOME}/plugins"]},
          "plugins": {"p": {"${HOME}": ["${HOME}", {"deep": "${HOME}"}], "n": 1}}
        }
        """#
        let config = parseConfig(text, environment: ["HOME": "/home/ada"])
        XCTAssertEqual(config?.host.dataDir, "/var/lib/aip")
        XCTAssertEqual(config?.host.pluginsDirs, ["/home/ada/plugins"])
        XCTAssertEqual(config?.section(for: "p"), ["${HOME}": ["/home/ada", ["deep": "/home/ada"]], "n": 1])
    }

    func testUnsetVariableNamesPathVariableAndPosition() {
        let text = """
        {
          "plugins": {
            "greeter": {"greeting": "Hello ${USER_NAME}"}
          }
        }
        """
        XCTAssertEqual(configFailure(text)?.description,
                       "/etc/aip/config.json:3:29: plugins.greeter.greeting: environment variable USER_NAME is not set (write ${USER_NAME:-default} to give a fallback)")
    }

    func testUnsetVariableInsideAnArray() {
        let error = configFailure(#"{"host": {"plugins_dirs": ["/a", "${DIR}"]}}"#)
        XCTAssertEqual(error?.path, "host.plugins_dirs[1]")
        XCTAssertEqual(error?.location, SourceLocation(line: 1, column: 34))
    }

    func testMalformedReferences() {
        XCTAssertEqual(configFailure(#"{"plugins": {"p": {"k": "${OPEN"}}}"#)?.description,
                       "/etc/aip/config.json:1:25: plugins.p.k: unterminated ${ in string (write $${ for a literal ${)")
        XCTAssertEqual(configFailure(#"{"plugins": {"p": {"k": "${}"}}}"#)?.message,
                       "invalid reference ${}; expected ${NAME} or ${NAME:-default}")
        XCTAssertEqual(configFailure(#"{"plugins": {"p": {"k": "${9LIVES}"}}}"#)?.message,
                       "invalid reference ${9LIVES}; expected ${NAME} or ${NAME:-default}")
        XCTAssertEqual(configFailure(#"{"plugins": {"p": {"k": "${A-b}"}}}"#)?.message,
                       "invalid reference ${A-b}; expected ${NAME} or ${NAME:-default}")
    }
}
