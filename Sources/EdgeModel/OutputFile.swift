import Foundation

/// Writes output files (reports, JSON results, baselines) atomically: the bytes go to a temporary file in the
/// destination's directory, are flushed to disk, and the temporary file is then renamed over the destination, so
/// an interrupted or failed write never leaves a partial file and never damages what was there before.
///
/// The signals that end a process (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are blocked in the writing thread from the
/// creation of the temporary file until it is renamed or removed, so Ctrl-C during a write takes effect right
/// after it, with the destination either complete or untouched and no temporary file left. (The runtime's pool
/// threads block them too, so they reach this thread.)
public enum OutputFile {
    /// Writes `data` to `path` atomically.
    /// - Parameter flag: how the user named the path (for example `--output`), used in error messages.
    /// - Throws: `InputError` naming the path and `flag` when the directory is missing or not writable, the
    ///   path is a directory, or the disk is full; the temporary file is removed in every failure.
    public static func write(_ data: Data, to path: String, flag: String = "--output") throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw InputError(file: path, field: flag, "its directory \(directory) does not exist") }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(file: path, field: flag, "is a directory, not a file")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        var previousMask = sigset_t()
        var deferred = terminatingSignals
        pthread_sigmask(SIG_BLOCK, &deferred, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(file: path, field: flag, "cannot be written: \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw InputError(file: path, field: flag, "cannot be written: \(String(cString: strerror(failure)))")
        }
    }

    /// SIGINT, SIGTERM, SIGHUP and SIGQUIT: the signals whose default action ends the process.
    public static var terminatingSignals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&set, signal) }
        return set
    }

    /// Writes `text` as UTF-8 to `path` atomically (see `write(_:to:flag:)`).
    public static func write(_ text: String, to path: String, flag: String = "--output") throws {
        try write(Data(text.utf8), to: path, flag: flag)
    }
}
