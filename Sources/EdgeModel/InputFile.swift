import Foundation

/// Reads whole input files (configs, profiles, traces) with errors that say what is wrong with the path.
public enum InputFile {
    /// Throws unless `path` names a regular file (symbolic links followed). Checked with `stat` before any
    /// `open`, so a FIFO (whose open blocks until a writer appears), a socket or a device such as `/dev/zero`
    /// (endless) is refused at once.
    /// - Throws: `InputError` (field `field`): does not exist, is a directory, is not a regular file, or cannot
    ///   be examined.
    public static func requireRegular(_ path: String, field: String = "file") throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw InputError(file: path, field: field, "does not exist") }
            throw InputError(file: path, field: field, "cannot be examined: \(String(cString: strerror(code)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw InputError(file: path, field: field, "is a directory, not a file")
        default: throw InputError(file: path, field: field, "is not a regular file")
        }
    }

    /// The bytes of the file at `path`.
    /// - Throws: `InputError` (field `file`) when the path does not exist, is not a regular file or cannot be read.
    public static func read(_ path: String) throws -> Data {
        try requireRegular(path)
        // Read with open/read rather than `FileManager.contents(atPath:)`, which leaks its buffer for an empty
        // file (found by the hf-config and safetensors-index fuzz targets under LeakSanitizer).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(file: path, field: "file", "cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw InputError(file: path, field: "file", "is not a regular file")
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return data }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, field: "file", "cannot be read: \(String(cString: strerror(errno)))")
            }
            data.append(contentsOf: chunk[0..<n])
        }
    }
}
