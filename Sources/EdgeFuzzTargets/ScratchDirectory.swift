import Foundation

/// A per-process, per-target directory (in /dev/shm when present) into which file-based targets write each
/// input, next to the fixture files they need; the process's directory is removed when it exits.
struct ScratchDirectory {
    /// The repository's `Tests/Fixtures`, found from this source file's location.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures")

    private static let root: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/edgefuzz-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: ScratchDirectory.root) }
        return path
    }()

    let path: String

    init(_ target: FuzzTarget) throws(ContractViolation) {
        path = Self.root + "/" + target.rawValue
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ContractViolation("cannot create \(path): \(error)")
        }
    }

    /// Copies `fixture` (relative to Tests/Fixtures) into the directory as `name`, once.
    func install(_ fixture: String, as name: String) throws(ContractViolation) {
        let destination = path + "/" + name
        guard !FileManager.default.fileExists(atPath: destination) else { return }
        do {
            try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(fixture).path, toPath: destination)
        } catch {
            throw ContractViolation("cannot install fixture \(fixture): \(error)")
        }
    }

    /// Writes `bytes` to `name` in the directory (replacing it) and returns the file's path.
    func write(_ bytes: UnsafeRawBufferPointer, as name: String) throws(ContractViolation) -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw ContractViolation("cannot write \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { throw ContractViolation("short write to \(file)") }
            offset += n
        }
        return file
    }
}
