import EdgeModel
import Foundation
import Testing

@Suite struct OutputFileTests {
    private func scratch() -> String {
        let dir = NSTemporaryDirectory() + "edgeprof-out-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesAndReplacesWholeFiles() throws {
        let dir = scratch()
        let path = dir + "/report.json"
        try OutputFile.write("first", to: path)
        try OutputFile.write("second", to: path)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "second")
        // Nothing but the destination is left in the directory (no temporary files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.json"])
    }

    @Test func missingDirectoryNamesTheFlagAndLeavesNothing() throws {
        let dir = scratch()
        let path = dir + "/missing/report.html"
        #expect(throws: InputError.self) { try OutputFile.write("x", to: path, flag: "--junit") }
        do { try OutputFile.write("x", to: path, flag: "--junit") } catch let error as InputError {
            #expect(error.field == "--junit")
            #expect(error.file == path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func aDirectoryIsNotAnOutputFile() throws {
        let dir = scratch()
        #expect(throws: InputError.self) { try OutputFile.write("x", to: dir) }
    }
}
