import Foundation

/// The git commit a result was built from.
public enum GitCommit {
    /// `$EDGEPROF_COMMIT` when set (CI systems know their commit), else `git rev-parse HEAD` run in
    /// `directory`; nil when neither answers (no git, not a checkout).
    public static func current(in directory: URL,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["EDGEPROF_COMMIT"], !given.isEmpty { return given }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path, "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 40 && text.allSatisfy(\.isHexDigit) ? text : nil
    }
}
