/// An object key's raw bytes, compared against literals without allocating.
package struct JSONKey {
    package let base: UnsafePointer<UInt8>
    package let count: Int

    @inline(__always)
    package static func == (key: JSONKey, literal: StaticString) -> Bool {
        guard key.count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for i in 0..<key.count where key.base[i] != other[i] { return false }
        return true
    }

    package var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}
