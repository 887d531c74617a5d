import EdgeModel
import Foundation

/// Finds device profiles: `--device` / `--hierarchy` take an id (`iphone13`) or a path to a JSON file.
///
/// A reference containing `/` or ending in `.json` is a path, read directly. An id resolves to
/// `<dir>/<id>.json`, where `<dir>` is the first of: the explicit `--profiles-dir`; `$EDGEPROF_PROFILES`; a
/// `DeviceProfiles/` folder found walking up from the current directory, then from the executable's directory.
public struct ProfileLocator: Sendable {
    public var explicitDirectory: String?
    public var environment: [String: String]
    public var currentDirectory: URL
    public var executableDirectory: URL?

    /// Name of the environment variable that points at a profiles directory.
    public static let environmentKey = "EDGEPROF_PROFILES"

    public init(explicitDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                executableDirectory: URL? = Bundle.main.executableURL?.deletingLastPathComponent()) {
        self.explicitDirectory = explicitDirectory
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.executableDirectory = executableDirectory
    }

    /// True when `reference` names a file rather than an id.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".json")
    }

    /// The profiles directory.
    /// - Throws: `InputError` when `--profiles-dir` names no directory (the user's flag is wrong), `EnvironmentError`
    ///   when `$EDGEPROF_PROFILES` names none or no directory is configured or found.
    public func directory() throws -> URL {
        if let explicit = explicitDirectory {
            let url = URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL
            guard isDirectory(url) else { throw InputError(file: explicit, field: "--profiles-dir", "is not a directory") }
            return url
        }
        if let fromEnvironment = environment[Self.environmentKey], !fromEnvironment.isEmpty {
            return try existing(fromEnvironment, origin: "$\(Self.environmentKey)")
        }
        for start in [currentDirectory, executableDirectory].compactMap({ $0 }) {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("DeviceProfiles", isDirectory: true)
                if isDirectory(candidate) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw EnvironmentError("no DeviceProfiles/ directory found above \(currentDirectory.path); "
            + "pass --profiles-dir or set \(Self.environmentKey)")
    }

    /// The file for an id or path; `flag` names the command-line option the reference came from in errors.
    /// - Throws: `InputError` for an unknown id (listing the known ones), `EnvironmentError` for a missing directory.
    public func url(for reference: String, flag: String = "--device") throws -> URL {
        if Self.isPath(reference) {
            let url = URL(fileURLWithPath: reference, relativeTo: currentDirectory).standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw InputError(file: reference, field: "<file>", "no such profile file")
            }
            return url
        }
        let dir = try directory()
        let url = dir.appendingPathComponent(reference + ".json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (try? ids(in: dir))?.joined(separator: ", ") ?? ""
            throw InputError(file: "<command line>", field: flag,
                             "no profile '\(reference)' (no \(url.path)); known ids: \(known)")
        }
        return url
    }

    /// Loads and validates the profile an id or path names; `flag` names the option it came from in errors.
    public func load(_ reference: String, flag: String = "--device") throws -> DeviceProfile {
        let profile = try DeviceProfile.load(from: try url(for: reference, flag: flag))
        if !Self.isPath(reference), profile.id != reference {
            throw InputError(file: try url(for: reference).path, field: "id", "'\(profile.id)' differs from the file name '\(reference)'")
        }
        return profile
    }

    /// Every profile in the directory, sorted by id.
    public func loadAll() throws -> [DeviceProfile] {
        try ids(in: try directory()).map { try load($0) }
    }

    private func ids(in dir: URL) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        } catch {
            throw EnvironmentError("cannot list \(dir.path): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    private func existing(_ path: String, origin: String) throws -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
        guard isDirectory(url) else { throw EnvironmentError("\(origin): \(path) is not a directory") }
        return url
    }

    private func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
