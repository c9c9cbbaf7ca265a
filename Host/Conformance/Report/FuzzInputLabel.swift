/// How a fuzz input is named in the report: index, seed and kind (enough to rebuild it), then
/// the bytes themselves.
enum FuzzInputLabel {
    static func text(_ input: FuzzInput, seed: UInt64) -> String {
        "fuzz input #\(input.index) (seed \(seed), \(input.kind.rawValue)): \(InputRendering.render(input.bytes))"
    }
}
