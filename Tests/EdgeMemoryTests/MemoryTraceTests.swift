import EdgeModel
import Foundation
import Testing
@testable import EdgeMemory

struct MemoryTraceTests {
    @Test func parsesRecordsCommentsAndBlankLines() throws {
        let text = """
        # a comment
        R 0x1000 64

        W 7f0010 8   # trailing comment
        r 0X10 1\r
        """
        let records = try MemoryTrace.parse(Data(text.utf8), file: "t.trace")
        #expect(records == [
            TraceRecord(write: false, address: 0x1000, bytes: 64),
            TraceRecord(write: true, address: 0x7f0010, bytes: 8),
            TraceRecord(write: false, address: 0x10, bytes: 1),
        ])
    }

    static let malformed: [(text: String, line: String)] = [
        ("R 0x10 8\nX 0x10 8\n", "line 2"),
        ("R 0x10\n", "line 1"),
        ("\n\nR 0xZZ 8\n", "line 3"),
        ("W 0x10 0\n", "line 1"),
        ("W 0x10 -4\n", "line 1"),
        ("R 0x10 8 9\n", "line 1"),
        ("R 0x10000000000000000 8\n", "line 1"),
        ("R 0xffffffffffffffff 2\n", "line 1"),
    ]

    @Test("malformed line names file and line", arguments: malformed)
    func malformedLine(_ text: String, _ line: String) throws {
        let error = try #require(throws: InputError.self) { try MemoryTrace.parse(Data(text.utf8), file: "bad.trace") }
        #expect(error.file == "bad.trace")
        #expect(error.field == line)
    }

    @Test func fixtureTraceLoads() throws {
        let records = try MemoryTrace.load(path: Fixtures.url("cachesim/strided.trace").path)
        #expect(records.count == 1800)
        #expect(records.first == TraceRecord(write: false, address: 0x200000, bytes: 4))
    }
}
