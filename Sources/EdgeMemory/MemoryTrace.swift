import EdgeModel
import Foundation

/// One access of a plain-text memory trace.
public struct TraceRecord: Sendable, Equatable {
    public var write: Bool
    public var address: UInt64
    public var bytes: Int

    public init(write: Bool, address: UInt64, bytes: Int) {
        self.write = write
        self.address = address
        self.bytes = bytes
    }
}

/// Plain-text memory traces: one access per line, `R|W hex-address size` (`W 0x7f001040 64`; the `0x` is
/// optional, the size is decimal bytes ≥ 1). `#` starts a comment; blank lines are allowed.
public enum MemoryTrace {
    /// The largest size one record may have (1 GiB); larger values are taken for typos.
    public static let maxRecordBytes = 1 << 30

    /// Reads and parses a trace file.
    /// - Throws: `InputError` naming the file and `line N` of the first malformed record; `EnvironmentError`
    ///   when the file cannot be read.
    public static func load(path: String) throws -> [TraceRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EnvironmentError("cannot read trace file \(path)")
        }
        return try parse(data, file: path)
    }

    /// Parses trace text; `file` names the origin in errors.
    public static func parse(_ data: Data, file: String) throws -> [TraceRecord] {
        var records: [TraceRecord] = []
        records.reserveCapacity(data.count / 16)
        var lineNumber = 0
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                if let record = try parseLine(bytes[start..<end], file: file, line: lineNumber) {
                    records.append(record)
                }
                start = end + 1
            }
        }
        return records
    }

    private static func parseLine(_ line: Slice<UnsafeBufferPointer<UInt8>>, file: String, line number: Int) throws -> TraceRecord? {
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var i = line.startIndex
        while i < line.endIndex, line[i] != UInt8(ascii: "#") {
            if isSpace(line[i]) { i += 1; continue }
            let begin = i
            while i < line.endIndex, !isSpace(line[i]), line[i] != UInt8(ascii: "#") { i += 1 }
            fields.append(line[begin..<i])
        }
        if fields.isEmpty { return nil }
        func fail(_ reason: String) -> InputError { InputError(file: file, field: "line \(number)", reason) }
        let text = { (s: Slice<UnsafeBufferPointer<UInt8>>) in String(decoding: s, as: UTF8.self) }
        guard fields.count == 3 else {
            throw fail("expected 'R|W hex-address size', found \(fields.count) field(s): '\(fields.map(text).joined(separator: " "))'")
        }
        let write: Bool
        switch text(fields[0]) {
        case "R", "r": write = false
        case "W", "w": write = true
        default: throw fail("access type '\(text(fields[0]))' is not R or W")
        }
        var hex = Substring(text(fields[1]))
        if hex.hasPrefix("0x") || hex.hasPrefix("0X") { hex = hex.dropFirst(2) }
        guard !hex.isEmpty, let address = UInt64(hex, radix: 16) else {
            throw fail("address '\(text(fields[1]))' is not a 64-bit hexadecimal number")
        }
        guard let size = Int(text(fields[2])), size >= 1, size <= maxRecordBytes else {
            throw fail("size '\(text(fields[2]))' is not a whole number of bytes in 1…\(maxRecordBytes)")
        }
        guard address <= UInt64.max - UInt64(size) + 1 else { throw fail("access runs past the end of the address space") }
        return TraceRecord(write: write, address: address, bytes: size)
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }
}
