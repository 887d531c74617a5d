import EdgeModel
import Foundation
import Testing
@testable import EdgeMemory

/// Issue 10's findings on device profiles: repeated keys (4), absurdly long names (2), `--profiles-dir` (6).
@Suite struct ProfileInputTests {
    static let iphone13 = Fixtures.profiles.appendingPathComponent("iphone13.json")

    func text() throws -> String { try String(contentsOf: Self.iphone13, encoding: .utf8) }

    @Test func repeatedIDIsRejectedNamingTheKey() throws {
        let data = Data(try text().replacingOccurrences(of: #""id": "iphone13","#,
                                                         with: #""id": "iphone13", "id": "pixel8","#).utf8)
        #expect(throws: InputError(file: "x.json", field: "id",
                                   "duplicate key (readers disagree on which value counts; keep one)")) {
            try DeviceProfile.decode(data, file: "x.json")
        }
    }

    @Test func repeatedNestedKeyNamesItsPath() throws {
        let data = Data(try text().replacingOccurrences(of: #""name": "L2","#, with: #""name": "L2", "name": "L9","#).utf8)
        let error = #expect(throws: InputError.self) { try DeviceProfile.decode(data, file: "x.json") }
        #expect(error?.field == "caches[1].name")
    }

    /// Found by the profile fuzz target: invalid UTF-8 inside an unknown key's string passed the profile's own
    /// decoding (which skips that key) and then escaped the unknown-field check as an untyped DecodingError.
    @Test func invalidUTF8InAnUnknownFieldIsBadInputNamingIt() throws {
        var data = Data(try text().replacingOccurrences(of: #""id": "iphone13","#, with: #""id": "iphone13", "jotes": "a"#).utf8)
        let tail = Data(try text().components(separatedBy: #""id": "iphone13","#)[1].utf8)
        data = data.prefix(data.count - tail.count) + Data([0xFF, 0xFE]) + Data(#"b","#.utf8) + tail
        let error = #expect(throws: InputError.self) { try DeviceProfile.decode(data, file: "x.json") }
        #expect(error?.file == "x.json")
        #expect(error?.field == "jotes")
    }

    @Test func longNamesAreRejectedWithTheBound() throws {
        let long = String(repeating: "L", count: DeviceProfile.maxNameLength + 1)
        let data = Data(try text().replacingOccurrences(of: #""name": "L2","#, with: #""name": "\#(long)","#).utf8)
        #expect(throws: InputError(file: "x.json", field: "caches[1].name", "is longer than 64 characters")) {
            try DeviceProfile.decode(data, file: "x.json")
        }
        let fits = String(repeating: "L", count: DeviceProfile.maxNameLength)
        let ok = Data(try text().replacingOccurrences(of: #""name": "L2","#, with: #""name": "\#(fits)","#).utf8)
        #expect(try DeviceProfile.decode(ok, file: "x.json").caches[1].name == fits)
    }

    @Test func missingProfilesDirIsBadInput() throws {
        let missing = ProfileLocator(explicitDirectory: "/nonexistent/profiles", environment: [:])
        #expect(throws: InputError(file: "/nonexistent/profiles", field: "--profiles-dir", "is not a directory")) {
            try missing.directory()
        }
        let file = ProfileLocator(explicitDirectory: Self.iphone13.path, environment: [:])
        #expect(throws: InputError(file: Self.iphone13.path, field: "--profiles-dir", "is not a directory")) {
            try file.directory()
        }
    }
}
