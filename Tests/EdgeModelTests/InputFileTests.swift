import Foundation
import Testing
@testable import EdgeModel

/// Finding 1 of issue 10: a FIFO, socket or device given as an input is refused before it is opened (opening a
/// FIFO for reading blocks until a writer appears; /dev/zero never ends).
@Suite struct InputFileTests {
    static func fifo() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edgeprof-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        return (directory, path)
    }

    @Test func fifoIsRefusedBeforeOpening() throws {
        let (directory, path) = try Self.fifo()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: InputError(file: path, field: "file", "is not a regular file")) { try InputFile.read(path) }
    }

    @Test func characterDeviceIsRefused() {
        #expect(throws: InputError(file: "/dev/zero", field: "file", "is not a regular file")) {
            try InputFile.read("/dev/zero")
        }
    }

    @Test func missingFileAndDirectory() throws {
        #expect(throws: InputError(file: "/nonexistent/x.json", field: "file", "does not exist")) {
            try InputFile.read("/nonexistent/x.json")
        }
        #expect(throws: InputError(file: "/tmp", field: "file", "is a directory, not a file")) { try InputFile.read("/tmp") }
    }

    @Test func regularFileIsRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edgeprof-in-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("abc".utf8).write(to: url)
        #expect(try InputFile.read(url.path) == Data("abc".utf8))
    }
}
