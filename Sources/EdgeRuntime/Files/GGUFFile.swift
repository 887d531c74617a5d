import EdgeModel

/// One tensor described in a GGUF file's tensor-info table.
public struct GGUFTensorInfo: Hashable, Sendable {
    public var name: String
    /// Dimensions as GGUF stores them, innermost first (`dims[0]` is the number of columns).
    public var dims: [Int]
    /// The ggml type id (0 = F32, 1 = F16, 2 = Q4_0, 8 = Q8_0, 30 = BF16, …).
    public var typeID: UInt32
    /// Offset of the data from the start of the data section.
    public var offset: Int
}

/// The parsed header of a GGUF v2 or v3 file: metadata, tensor infos and where the tensor data begins.
///
/// Layout (little-endian): magic `GGUF`, u32 version, u64 tensor count, u64 metadata count, the metadata
/// key/value pairs, the tensor infos, padding to `alignment`, then the tensor data.
public struct GGUFFile: Sendable {
    /// `GGUF` read as a little-endian u32.
    static let magic: UInt32 = 0x4655_4747
    /// Smallest encoded metadata pair (u64 key length, 1-byte key, u32 type, 1-byte value) and tensor info.
    private static let minPairBytes = 14, minTensorInfoBytes = 33
    /// Nesting limit for arrays of arrays.
    private static let maxArrayDepth = 4

    public var version: UInt32
    public var metadata: [String: GGUFValue]
    public var tensorInfos: [GGUFTensorInfo]
    /// `general.alignment`, 32 when absent.
    public var alignment: Int
    /// File offset of the tensor data section.
    public var dataOffset: Int

    /// Parses the header in `bytes`; `file` names the file in errors.
    public init(bytes: UnsafeRawBufferPointer, file: String) throws {
        var cursor = ByteCursor(file: file, bytes: bytes, offset: 0)
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: file, field: field, reason) }

        let magic = try cursor.read(UInt32.self, field: "magic")
        guard magic == Self.magic else { throw fail("magic", "not a GGUF file (magic \(hex(magic)))") }
        version = try cursor.read(UInt32.self, field: "version")
        guard version == 2 || version == 3 else {
            let hint = version.byteSwapped == 2 || version.byteSwapped == 3 ? " (big-endian file?)" : ""
            throw fail("version", "unsupported GGUF version \(version)\(hint); versions 2 and 3 are read")
        }
        let tensorCount = try cursor.readCount(field: "tensor_count")
        let pairCount = try cursor.readCount(field: "metadata_kv_count")
        guard pairCount <= cursor.remaining / Self.minPairBytes else {
            throw fail("metadata_kv_count", "\(pairCount) metadata pairs cannot fit in \(cursor.remaining) bytes")
        }
        guard tensorCount <= cursor.remaining / Self.minTensorInfoBytes else {
            throw fail("tensor_count", "\(tensorCount) tensors cannot fit in \(cursor.remaining) bytes")
        }

        metadata = [:]
        for index in 0..<pairCount {
            let key = try Self.readString(&cursor, field: "metadata key #\(index)")
            guard !key.isEmpty else { throw fail("metadata key #\(index)", "is empty") }
            let type = try cursor.read(UInt32.self, field: key)
            let value = try Self.readValue(&cursor, type: type, field: key, depth: 0)
            guard metadata.updateValue(value, forKey: key) == nil else { throw fail(key, "duplicate metadata key") }
        }

        tensorInfos = []
        var seen = Set<String>()
        for index in 0..<tensorCount {
            let name = try Self.readString(&cursor, field: "tensor #\(index) name")
            guard seen.insert(name).inserted else { throw fail(name, "duplicate tensor") }
            let dimCount = try cursor.read(UInt32.self, field: name)
            guard (1...4).contains(dimCount) else { throw fail(name, "has \(dimCount) dimensions; 1 to 4 are allowed") }
            var dims: [Int] = []
            for _ in 0..<dimCount { dims.append(try cursor.readCount(field: name)) }
            let typeID = try cursor.read(UInt32.self, field: name)
            let offset = try cursor.readCount(field: name)
            tensorInfos.append(GGUFTensorInfo(name: name, dims: dims, typeID: typeID, offset: offset))
        }

        alignment = 32
        if let value = metadata["general.alignment"] {
            guard case .uint32(let a) = value, a > 0, a.nonzeroBitCount == 1, a <= 1 << 16 else {
                throw fail("general.alignment", "must be a uint32 power of two up to 65536, got \(value)")
            }
            alignment = Int(a)
        }
        let padding = (alignment - cursor.offset % alignment) % alignment
        dataOffset = cursor.offset + padding
    }

    private static func readString(_ cursor: inout ByteCursor, field: String) throws -> String {
        let length = try cursor.readCount(field: field)
        return try cursor.readString(length, field: field)
    }

    private static func readValue(_ cursor: inout ByteCursor, type: UInt32, field: String, depth: Int) throws -> GGUFValue {
        switch type {
        case 0: return .uint8(try cursor.read(UInt8.self, field: field))
        case 1: return .int8(try cursor.read(Int8.self, field: field))
        case 2: return .uint16(try cursor.read(UInt16.self, field: field))
        case 3: return .int16(try cursor.read(Int16.self, field: field))
        case 4: return .uint32(try cursor.read(UInt32.self, field: field))
        case 5: return .int32(try cursor.read(Int32.self, field: field))
        case 6: return .float32(try cursor.readFloat(field: field))
        case 7:
            let raw = try cursor.read(UInt8.self, field: field)
            guard raw <= 1 else { throw InputError(file: cursor.file, field: field, "bool value \(raw) is not 0 or 1") }
            return .bool(raw == 1)
        case 8: return .string(try readString(&cursor, field: field))
        case 9:
            guard depth < maxArrayDepth else {
                throw InputError(file: cursor.file, field: field, "arrays nested deeper than \(maxArrayDepth)")
            }
            let elementType = try cursor.read(UInt32.self, field: field)
            let count = try cursor.readCount(field: field)
            let minBytes = minimumEncodedSize(type: elementType)
            guard count <= cursor.remaining / minBytes else {
                throw InputError(file: cursor.file, field: field,
                                 "array of \(count) elements cannot fit in \(cursor.remaining) bytes")
            }
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                elements.append(try readValue(&cursor, type: elementType, field: field, depth: depth + 1))
            }
            return .array(elements)
        case 10: return .uint64(try cursor.read(UInt64.self, field: field))
        case 11: return .int64(try cursor.read(Int64.self, field: field))
        case 12: return .float64(try cursor.readDouble(field: field))
        default: throw InputError(file: cursor.file, field: field, "unknown metadata value type \(type)")
        }
    }

    /// Smallest number of bytes one value of `type` occupies (unknown types fail when the first one is read).
    private static func minimumEncodedSize(type: UInt32) -> Int {
        switch type {
        case 0, 1, 7: 1
        case 2, 3: 2
        case 4, 5, 6: 4
        case 8, 10, 11, 12: 8
        case 9: 12
        default: 1
        }
    }
}

func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
