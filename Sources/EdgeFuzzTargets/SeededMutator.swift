import EdgeRuntime

/// Deterministic mutants of a corpus for the short fuzz pass the tests run without libFuzzer: each mutant is a
/// corpus input with one to four of bit flips, byte inserts and deletes, splices from another input, and
/// boundary integers (little-endian binary or decimal text). The same seed and corpus give the same sequence.
public struct SeededMutator {
    /// Integers at the edges of the types and limits sizes are checked against.
    static let boundaries: [UInt64] = [0, 1, 2, 7, 8, 31, 32, 63, 64, 255, 256, 4096, 65_535, 65_536,
                                       1 << 31 - 1, 1 << 31, 1 << 32 - 1, 1 << 32, 1 << 50, 1 << 53, 1 << 62,
                                       1 << 63 - 1, 1 << 63, .max]

    private var random: SplitMix64
    private let corpus: [[UInt8]]

    /// `corpus` must not be empty.
    public init(seed: UInt64, corpus: [[UInt8]]) {
        random = SplitMix64(seed: seed)
        self.corpus = corpus
    }

    /// The next mutant.
    public mutating func next() -> [UInt8] {
        var bytes = corpus[index(corpus.count)]
        for _ in 0...index(4) {
            switch index(6) {
            case 0: flipBit(&bytes)
            case 1: insert(&bytes)
            case 2: delete(&bytes)
            case 3: splice(&bytes)
            case 4: binaryBoundary(&bytes)
            default: decimalBoundary(&bytes)
            }
        }
        return bytes
    }

    /// A uniform index in 0..<count (count > 0).
    private mutating func index(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    private mutating func flipBit(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes[index(bytes.count)] ^= 1 << UInt8(index(8))
    }

    private mutating func insert(_ bytes: inout [UInt8]) {
        let count = [1, 1, 2, 4, 8][index(5)]
        let inserted = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes.insert(contentsOf: inserted, at: index(bytes.count + 1))
    }

    private mutating func delete(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let start = index(bytes.count)
        bytes.removeSubrange(start..<min(bytes.count, start + [1, 1, 4, 16, 256][index(5)]))
    }

    /// Replaces a range of the input with a range of another corpus input.
    private mutating func splice(_ bytes: inout [UInt8]) {
        let other = corpus[index(corpus.count)]
        guard !other.isEmpty else { return }
        let from = index(other.count)
        let piece = other[from..<min(other.count, from + [4, 16, 64, 1024][index(4)])]
        let at = index(bytes.count + 1)
        bytes.replaceSubrange(at..<min(bytes.count, at + index(64)), with: piece)
    }

    /// Overwrites 1, 2, 4 or 8 bytes with a boundary integer, little-endian.
    private mutating func binaryBoundary(_ bytes: inout [UInt8]) {
        let width = 1 << index(4)
        guard bytes.count >= width else { return }
        let at = index(bytes.count - width + 1)
        let value = Self.boundaries[index(Self.boundaries.count)]
        for i in 0..<width { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// Replaces a run of decimal digits (found from a random position) with a boundary integer's digits.
    private mutating func decimalBoundary(_ bytes: inout [UInt8]) {
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard !bytes.isEmpty, let start = bytes[index(bytes.count)...].firstIndex(where: isDigit) else { return }
        let end = bytes[start...].firstIndex { !isDigit($0) } ?? bytes.count
        let value = Self.boundaries[index(Self.boundaries.count)]
        let text = index(3) == 0 ? "-\(value)" : "\(value)"
        bytes.replaceSubrange(start..<end, with: Array(text.utf8))
    }
}
