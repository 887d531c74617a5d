#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks the next token from logits: greedy (temperature 0) or seeded temperature + top-p (nucleus) sampling.
///
/// Buffers are allocated once for the vocabulary. Top-p keeps only tokens whose logit is within 20·temperature of
/// the maximum (probability ratio ≥ e⁻²⁰ ≈ 2·10⁻⁹) before sorting, which drops a negligible mass.
public final class Sampler: @unchecked Sendable {
    public let temperature: Float
    public let topP: Float
    private var rng: SplitMix64
    private let indices: UnsafeMutablePointer<Int32>
    private let probabilities: UnsafeMutablePointer<Float>
    private let capacity: Int

    /// `temperature` ≥ 0 (0 = greedy), `topP` in (0, 1].
    public init(vocab: Int, temperature: Float = 0, topP: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topP = topP
        rng = SplitMix64(seed: seed)
        capacity = max(vocab, 1)
        indices = .allocate(capacity: capacity)
        probabilities = .allocate(capacity: capacity)
    }

    deinit {
        indices.deallocate()
        probabilities.deallocate()
    }

    /// The chosen token id.
    public func sample(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        var best = 0
        for i in 1..<logits.count where logits[i] > logits[best] { best = i }
        guard temperature > 0 else { return Int32(best) }
        let top = logits[best], cutoff = top - 20 * temperature
        var n = 0
        var total: Float = 0
        for i in 0..<min(logits.count, capacity) where logits[i] >= cutoff {
            let p = expf((logits[i] - top) / temperature)
            indices[n] = Int32(i)
            probabilities[n] = p
            total += p
            n += 1
        }
        sortDescending(n)
        var kept = 0
        var mass: Float = 0
        while kept < n {
            mass += probabilities[kept]
            kept += 1
            if mass >= topP * total { break }
        }
        let target = rng.nextUnitFloat() * mass
        var running: Float = 0
        for i in 0..<kept {
            running += probabilities[i]
            if target < running { return indices[i] }
        }
        return indices[kept - 1]
    }

    /// Heap sort of the first n candidates by probability, highest first (ties by lower id); allocation-free.
    private func sortDescending(_ n: Int) {
        func less(_ a: Int, _ b: Int) -> Bool {
            // "a sorts after b": lower probability, or equal probability and higher id.
            probabilities[a] < probabilities[b] || (probabilities[a] == probabilities[b] && indices[a] > indices[b])
        }
        func swapAt(_ a: Int, _ b: Int) {
            swap(&probabilities[a], &probabilities[b])
            swap(&indices[a], &indices[b])
        }
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && less(child + 1, child) { child += 1 }
                if less(child, root) { swapAt(child, root); root = child } else { return }
            }
        }
        // Min-heap on "sorts after", then pop to the back: the result is descending.
        var i = n / 2 - 1
        while i >= 0 { siftDown(i, n); i -= 1 }
        var end = n - 1
        while end > 0 {
            swapAt(0, end)
            siftDown(0, end)
            end -= 1
        }
    }
}
