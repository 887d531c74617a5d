import EdgeModel

/// A parser broke its contract on one input: it threw an untyped error or returned an inconsistent result.
public struct ContractViolation: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The contract every parser keeps: it returns a valid result or throws a typed `EdgeProfError`; anything else
/// (another error, an inconsistent result) is a `ContractViolation`, and a trap is a crash of the caller.
enum Contract {
    /// Runs `body`; an `EdgeProfError` is the expected rejection, a violation passes through, any other error is one.
    static func typedErrorOrValid(_ body: () throws -> Void) throws(ContractViolation) -> FuzzOutcome {
        do {
            try body()
            return .accepted
        } catch let violation as ContractViolation {
            throw violation
        } catch is EdgeProfError {
            return .rejected
        } catch {
            throw ContractViolation("untyped error \(type(of: error)): \(error)")
        }
    }

    /// Throws `message` unless `condition` holds (not `precondition`: it must hold in `-Ounchecked` builds too).
    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(ContractViolation) {
        if !condition { throw ContractViolation(message()) }
    }
}

/// What a parser did with an input that kept the contract.
public enum FuzzOutcome: Sendable {
    /// A valid result whose totals are consistent.
    case accepted
    /// A typed error.
    case rejected
}
