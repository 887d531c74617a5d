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
    /// - Throws: `InputError` naming the file and `line N` of the first malformed record, or the file when it
    ///   is missing, a directory or unreadable.
    public static func load(path: String) throws -> [TraceRecord] {
        try parse(InputFile.read(path), file: path)
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
        // Up to four fields (the fourth only to report "too many"), split at blanks, stopping at '#'.
        var starts = (0, 0, 0, 0), ends = (0, 0, 0, 0)
        var fields = 0
        var i = line.startIndex
        while i < line.endIndex, line[i] != UInt8(ascii: "#") {
            if isSpace(line[i]) { i += 1; continue }
            let begin = i
            while i < line.endIndex, !isSpace(line[i]), line[i] != UInt8(ascii: "#") { i += 1 }
            switch fields {
            case 0: (starts.0, ends.0) = (begin, i)
            case 1: (starts.1, ends.1) = (begin, i)
            case 2: (starts.2, ends.2) = (begin, i)
            default: (starts.3, ends.3) = (begin, i)
            }
            fields += 1
        }
        if fields == 0 { return nil }
        func fail(_ reason: String) -> InputError { InputError(file: file, field: "line \(number)", reason) }
        guard fields == 3 else {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            throw fail("expected 'R|W hex-address size', found \(fields) field(s): '\(text)'")
        }
        let kind = line[starts.0..<ends.0], hex = line[starts.1..<ends.1], size = line[starts.2..<ends.2]
        let write: Bool
        switch (kind.count, kind.first) {
        case (1, UInt8(ascii: "R")), (1, UInt8(ascii: "r")): write = false
        case (1, UInt8(ascii: "W")), (1, UInt8(ascii: "w")): write = true
        default: throw fail("access type '\(String(decoding: kind, as: UTF8.self))' is not R or W")
        }
        guard let address = parseHex(hex) else {
            throw fail("address '\(String(decoding: hex, as: UTF8.self))' is not a 64-bit hexadecimal number")
        }
        guard let bytes = parseDecimal(size), bytes >= 1, bytes <= maxRecordBytes else {
            throw fail("size '\(String(decoding: size, as: UTF8.self))' is not a whole number of bytes in 1…\(maxRecordBytes)")
        }
        guard address <= UInt64.max - UInt64(bytes) + 1 else { throw fail("access runs past the end of the address space") }
        return TraceRecord(write: write, address: address, bytes: bytes)
    }

    /// Hexadecimal digits with an optional `0x`/`0X` prefix; nil when empty, not hex, or above 64 bits.
    private static func parseHex(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64? {
        var i = s.startIndex
        if s.count > 2, s[i] == UInt8(ascii: "0"), s[i + 1] | 0x20 == UInt8(ascii: "x") { i += 2 }
        guard i < s.endIndex, s.endIndex - i <= 16 else { return nil }
        var value: UInt64 = 0
        while i < s.endIndex {
            let c = s[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
            i += 1
        }
        return value
    }

    /// Decimal digits (at most 18, so no overflow); nil otherwise.
    private static func parseDecimal(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var value = 0
        for c in s {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }
}
