import EdgeModel
import Foundation

/// The contract every parser keeps: it returns a valid result or throws a typed `EdgeProfError`; anything else
/// (another error, a trap, an inconsistent result) is a finding.
enum Contract {
    /// Runs `body`; an `EdgeProfError` is the expected rejection, any other error a violation.
    static func typedErrorOrValid(_ body: () throws -> Void) {
        do {
            try body()
        } catch is EdgeProfError {
            return
        } catch {
            violation("untyped error \(type(of: error)): \(error)")
        }
    }

    /// Aborts with `message` unless `condition` holds (not `precondition`: release builds are `-Ounchecked`).
    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violation(message()) }
    }

    static func violation(_ message: String) -> Never {
        FileHandle.standardError.write(Data("contract violation: \(message)\n".utf8))
        abort()
    }
}
