import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// A file that shrinks while mapped: reading past its new end raises SIGBUS, which must end the process with a
/// message naming the file and exit code 3, not a crash dump (issue 10, faults).
@Suite struct MappedFaultTests {
    @Test func truncatedMappingExitsWithAMessageNamingTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("weights.gguf").path
        try Data(repeating: 7, count: 1 << 20).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        #expect(file.bytes[(1 << 20) - 1] == 7)   // the page is resident before the truncation...
        #expect(truncate(path, 0) == 0)
        let last = file.bytes.baseAddress! + (1 << 19)  // ...and this one never was, so reading it faults

        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        // The child only redirects stderr and reads one byte: async-signal-safe work after fork.
        let child = fork()
        if child == 0 {
            dup2(pipeEnds[1], STDERR_FILENO)
            let byte = last.load(as: UInt8.self)
            _exit(Int32(byte) == 7 ? 0 : 1)
        }
        close(pipeEnds[1])
        var status: Int32 = 0
        waitpid(child, &status, 0)
        let message = String(decoding: FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true).readDataToEndOfFile(),
                             as: UTF8.self)
        // WIFEXITED and WEXITSTATUS, spelt out: the low 7 bits are 0 for a normal exit, the status is the next byte.
        #expect(status & 0x7f == 0, "the child was killed by signal \(status & 0x7f)")
        #expect((status >> 8) & 0xff == 3)
        #expect(message.contains("\(path): file: shrank while memory-mapped"), "\(message)")
    }
}
