/// One regular file of an archive: a flat name, its permission bits and its bytes.
struct TarEntry: Equatable {
    let name: String
    let mode: Int
    let contents: [UInt8]
}
