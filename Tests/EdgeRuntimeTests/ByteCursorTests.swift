import EdgeModel
import Testing
@testable import EdgeRuntime

@Suite struct ByteCursorTests {
    @Test func readsLittleEndianAndStopsAtTheEnd() throws {
        let bytes: [UInt8] = [0x47, 0x47, 0x55, 0x46, 0x00, 0x00, 0xC0, 0x3F, 3, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x62]
        try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(file: "f.bin", bytes: raw, offset: 0)
            #expect(try cursor.read(UInt32.self, field: "magic") == 0x4655_4747)
            #expect(try cursor.readFloat(field: "x") == 1.5)
            let length = try cursor.readCount(field: "n")
            #expect(length == 3)
            #expect(cursor.remaining == 2)
            #expect(throws: InputError(file: "f.bin", field: "name",
                                       "needs 3 bytes at offset 16, but the file ends at 18 (truncated?)")) {
                try cursor.readString(length, field: "name")
            }
            #expect(try cursor.readString(2, field: "name") == "ab")
            #expect(throws: InputError.self) { try cursor.read(UInt8.self, field: "tail") }
        }
    }

    @Test func rejectsAbsurdCountsAndBadUTF8() {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC3, 0x28]
        bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(file: "f.bin", bytes: raw, offset: 0)
            #expect(throws: InputError(file: "f.bin", field: "n", "count 18446744073709551615 is absurd")) {
                try cursor.readCount(field: "n")
            }
            cursor.offset = 8
            #expect(throws: InputError(file: "f.bin", field: "s", "is not valid UTF-8")) {
                try cursor.readString(2, field: "s")
            }
        }
    }
}
