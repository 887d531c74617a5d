import EdgeModel

/// The tokens a generation produced and how long each phase took.
public struct Generation: Sendable {
    /// Generated token ids (the first comes from the prefill's logits, each later one from a decode step).
    public var tokens: [Int32]
    /// Seconds of the prefill step (prompt through logits of its last token, plus sampling).
    public var prefillSeconds: Double
    /// Seconds of every decode step (one token through the runtime, plus sampling).
    public var decodeSeconds: [Double]
}

/// Told when each timed step of `generate` starts and ends (counter sessions around prefill and each decode step).
public protocol StepObserver: AnyObject {
    func stepWillStart(prefill: Bool)
    func stepDidEnd(prefill: Bool)
}

extension ModelRuntime {
    /// Prefills `prompt`, then decodes until `count` tokens are generated. Per-step arrays are reserved up front,
    /// so the loop itself allocates nothing. `steps` brackets each step, inside its timing.
    public func generate(prompt: [Int32], count: Int, sampler: Sampler, steps observer: StepObserver? = nil) throws
        -> Generation {
        guard count >= 1 else {
            throw InputError(file: "<run>", field: "tokens", "must generate at least one token, got \(count)")
        }
        guard prompt.count + count - 1 <= maxPositions else {
            throw InputError(file: "<run>", field: "tokens",
                             "\(prompt.count + count - 1) positions do not fit the KV cache of \(maxPositions)")
        }
        var tokens: [Int32] = []
        tokens.reserveCapacity(count)
        var steps: [Double] = []
        steps.reserveCapacity(count)
        let clock = ContinuousClock()
        let start = clock.now
        observer?.stepWillStart(prefill: true)
        var next = sampler.sample(try finite(prefill(prompt), position: prompt.count - 1))
        observer?.stepDidEnd(prefill: true)
        let prefillSeconds = (clock.now - start).seconds
        tokens.append(next)
        while tokens.count < count {
            let stepStart = clock.now
            observer?.stepWillStart(prefill: false)
            next = sampler.sample(try finite(decode(next), position: prompt.count + tokens.count - 1))
            observer?.stepDidEnd(prefill: false)
            steps.append((clock.now - stepStart).seconds)
            tokens.append(next)
        }
        return Generation(tokens: tokens, prefillSeconds: prefillSeconds, decodeSeconds: steps)
    }

    /// `logits`, unless one is NaN or infinite (weights holding NaN/Inf): then an input error naming the position.
    private func finite(_ logits: UnsafeBufferPointer<Float>, position: Int) throws -> UnsafeBufferPointer<Float> {
        guard logits.allSatisfy(\.isFinite) else {
            throw InputError(file: source.origin, field: "logits at position \(position)",
                             "are not finite: the weights hold NaN or infinite values")
        }
        return logits
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
