/// An error that the CLI reports with a message naming the file and field at fault and a distinct exit code.
///
/// Exit codes (DESIGN.md): 0 ok, 1 regression or failed check, 2 bad input or usage, 3 environment.
public protocol EdgeProfError: Error, CustomStringConvertible {
    /// The process exit code the CLI uses for this error.
    var exitCode: Int32 { get }
}

/// Bad input: a file, field or value that cannot be accepted. Exit code 2.
public struct InputError: EdgeProfError, Equatable {
    /// The file (or `<preset>`, `<flag>`) the bad value came from.
    public var file: String
    /// The field, tensor or line at fault.
    public var field: String
    /// What is wrong, in words.
    public var reason: String

    public init(file: String, field: String, _ reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var exitCode: Int32 { 2 }
    public var description: String { "\(file): \(field): \(reason)" }
}

/// The environment lacks something the command needs (a library, counters, a directory). Exit code 3.
public struct EnvironmentError: EdgeProfError, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var exitCode: Int32 { 3 }
    public var description: String { reason }
}
