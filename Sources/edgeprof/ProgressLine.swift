import Foundation

/// A one-line progress display on standard error, redrawn in place; silent when standard error is not a terminal.
final class ProgressLine: Sendable {
    let enabled = isatty(STDERR_FILENO) == 1

    func show(_ step: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(step) …".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
