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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, field: "file", "cannot be read (permissions?)")
        }
        return data
    }
}
