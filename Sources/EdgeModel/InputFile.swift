import Foundation

/// Reads whole input files (configs, profiles, traces) with errors that say what is wrong with the path.
public enum InputFile {
    /// The bytes of the file at `path`.
    /// - Throws: `InputError` (field `file`) when the path does not exist, is a directory or cannot be read.
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, field: "file", "does not exist")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, field: "file", "is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, field: "file", "cannot be read (permissions?)")
        }
        return data
    }
}
