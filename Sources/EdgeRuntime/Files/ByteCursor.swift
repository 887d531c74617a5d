import EdgeModel

/// Bounds-checked little-endian reads over a byte buffer; reading past the end throws an `InputError`
/// naming the file and the field being read.
struct ByteCursor {
    let file: String
    let bytes: UnsafeRawBufferPointer
    /// Position of the next read, in bytes from the start of `bytes`.
    var offset: Int

    /// Bytes left after `offset`.
    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes can be read.
    func require(_ count: Int, field: String) throws {
        guard count >= 0, count <= remaining else {
            throw InputError(file: file, field: field,
                             "needs \(count) bytes at offset \(offset), but the file ends at \(bytes.count) (truncated?)")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, field: String) throws -> T {
        try require(MemoryLayout<T>.size, field: field)
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    mutating func readFloat(field: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, field: field))
    }

    mutating func readDouble(field: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, field: field))
    }

    /// A length read as an unsigned 64-bit count, which must fit an `Int`.
    mutating func readCount(field: String) throws -> Int {
        let raw = try read(UInt64.self, field: field)
        guard let count = Int(exactly: raw) else {
            throw InputError(file: file, field: field, "count \(raw) is absurd")
        }
        return count
    }

    mutating func readBytes(_ count: Int, field: String) throws -> UnsafeRawBufferPointer {
        try require(count, field: field)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// `count` bytes of UTF-8 text.
    mutating func readString(_ count: Int, field: String) throws -> String {
        let raw = try readBytes(count, field: field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw InputError(file: file, field: field, "is not valid UTF-8")
        }
        return text
    }
}
