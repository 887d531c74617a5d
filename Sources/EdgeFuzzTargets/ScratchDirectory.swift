import Foundation

/// A per-process directory (in /dev/shm when present) into which file-based targets write each input, next to
/// the fixture files they need; removed when the process exits.
enum ScratchDirectory {
    /// The repository's `Tests/Fixtures`, found from this source file's location.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures")

    static let path: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/edgefuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchDirectory.path) }
        return path
    }()

    /// Copies `fixture` (relative to Tests/Fixtures) into the directory as `name`, once.
    static func install(_ fixture: String, as name: String) {
        let destination = path + "/" + name
        guard !FileManager.default.fileExists(atPath: destination) else { return }
        do {
            try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(fixture).path, toPath: destination)
        } catch {
            Contract.violation("cannot install fixture \(fixture): \(error)")
        }
    }

    /// Writes `bytes` to `name` in the directory (replacing it) and returns the file's path.
    static func write(_ bytes: UnsafeRawBufferPointer, as name: String) -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { Contract.violation("cannot write \(file): \(String(cString: strerror(errno)))") }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { Contract.violation("short write to \(file)") }
            offset += n
        }
        close(fd)
        return file
    }
}
