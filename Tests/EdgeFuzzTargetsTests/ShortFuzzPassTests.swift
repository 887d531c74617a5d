import EdgeFuzzTargets
import Foundation
import Testing

/// The short deterministic fuzz pass CI runs (`make test`; the coverage-guided campaigns are `make fuzz`): every
/// committed seed of each target, then seeded mutants of them, through the same contract as `EdgeFuzz`. The test
/// build keeps Swift's overflow checks, so an arithmetic wrap traps here.
struct ShortFuzzPassTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")
    /// Mutants per target: 2,000 (about 0.1 ms each, 0.6 ms for a safetensors file), but 400 profiles, since each
    /// profile that validates allocates its whole cache hierarchy's tag arrays (about 4 ms).
    static func mutants(_ target: FuzzTarget) -> Int { target == .profile ? 400 : 2_000 }

    static func corpus(_ target: FuzzTarget) throws -> [[UInt8]] {
        let directory = corpusRoot.appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { [UInt8](try Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndMutantsKeepTheContract(target: FuzzTarget) throws {
        let seeds = try Self.corpus(target)
        #expect(!seeds.isEmpty, "Fuzz/corpus/\(target.rawValue) is empty")
        for (i, seed) in seeds.enumerated() {
            // The committed seeds are valid inputs: each is accepted.
            #expect(try Self.run(target, seed, label: "seed \(i)") == .accepted)
        }
        var mutator = SeededMutator(seed: 10, corpus: seeds)
        var outcomes: [FuzzOutcome: Int] = [:]
        for i in 0..<Self.mutants(target) {
            guard let outcome = try Self.run(target, mutator.next(), label: "mutant \(i)") else { return }
            outcomes[outcome, default: 0] += 1
        }
        // The pass reaches the parser's error paths, not only its happy path.
        #expect(outcomes[.rejected, default: 0] > 0)
    }

    /// The outcome, or nil after recording the violation and saving the input where `EdgeFuzz` can replay it.
    static func run(_ target: FuzzTarget, _ input: [UInt8], label: String) throws -> FuzzOutcome? {
        do {
            return try input.withUnsafeBytes { bytes throws(ContractViolation) in try target.run(bytes) }
        } catch {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("edgefuzz-\(target.rawValue)-finding")
            try Data(input).write(to: file)
            Issue.record("\(target.rawValue) \(label): \(error); replay with `EdgeFuzz \(target.rawValue) \(file.path)`")
            return nil
        }
    }
}

struct SeededMutatorTests {
    @Test func sameSeedSameMutantsAndEveryMutantDiffersSomewhere() {
        let corpus: [[UInt8]] = [Array("{\"hidden_size\": 576, \"num_hidden_layers\": 30}".utf8), [0, 1, 2, 3, 4, 5, 6, 7]]
        var a = SeededMutator(seed: 7, corpus: corpus), b = SeededMutator(seed: 7, corpus: corpus)
        var c = SeededMutator(seed: 8, corpus: corpus)
        let first = (0..<200).map { _ in a.next() }
        #expect(first == (0..<200).map { _ in b.next() })
        #expect(first != (0..<200).map { _ in c.next() })
        // A bit flip can be undone by a second one, so a few mutants may equal their seed; most must not.
        #expect(first.filter { !corpus.contains($0) }.count > 180)
    }
}
