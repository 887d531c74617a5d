import Foundation
import EdgeMemory
import EdgeModel

/// A memory size or share given on the command line: `600MB`, `1.5GiB`, `6 GB`, or `25%` of DRAM.
public enum MemoryAmount: Equatable, Sendable {
    case bytes(Int)
    /// A share of DRAM in (0, 1].
    case fraction(Double)

    /// Parses `text`; errors name `flag`.
    /// - Throws: `InputError` for an unknown unit, a non-positive or absurd size, or a share outside (0, 100]%.
    public init(parsing text: String, flag: String) throws {
        func fail(_ reason: String) -> InputError { InputError(file: "<command line>", field: flag, reason) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), percent > 0,
                  percent <= 100 else {
                throw fail("'\(text)' is not a share of DRAM in (0, 100]%")
            }
            self = .fraction(percent / 100)
            return
        }
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unitName = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        let units = QuantityUnit.allCases.filter { $0.dimension == .bytes }
        guard let value = Double(number), value.isFinite else {
            throw fail("'\(text)' is not a size (e.g. 600MB, 1.5GiB) or a share of DRAM (e.g. 25%)")
        }
        guard let unit = units.first(where: { $0.rawValue == unitName }) else {
            throw fail("unknown unit '\(unitName)' in '\(text)' (\(units.map(\.rawValue).joined(separator: ", ")) or %)")
        }
        let bytes = value * unit.factor
        guard bytes >= 1, bytes <= ModelConfig.limits.bytes else {
            throw fail("'\(text)' must be between 1 B and 2^50 B")
        }
        self = .bytes(Int(bytes))
    }

    /// The amount in bytes, a share taken of `dramBytes`.
    public func bytes(of dramBytes: Int) -> Int {
        switch self {
        case .bytes(let bytes): bytes
        case .fraction(let share): Int(Double(dramBytes) * share)
        }
    }
}
