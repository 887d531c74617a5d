/// Prefill phase: P tokens in one step.
public struct PrefillTiming: Codable, Sendable, Equatable {
    public var tokens: Int
    public var seconds: Double
    public var tokensPerSecond: Double

    public init(tokens: Int, seconds: Double) {
        self.tokens = tokens
        self.seconds = seconds
        tokensPerSecond = seconds > 0 ? Double(tokens) / seconds : 0
    }
}

/// Decode phase: one token per step; mean and nearest-rank percentiles of the step times.
public struct DecodeTiming: Codable, Sendable, Equatable {
    public var steps: Int
    public var meanMilliseconds: Double
    public var p50Milliseconds: Double
    public var p90Milliseconds: Double
    public var tokensPerSecond: Double

    public init(_ seconds: [Double]) {
        steps = seconds.count
        let sorted = seconds.sorted()
        func rank(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000
        }
        let total = seconds.reduce(0, +)
        meanMilliseconds = seconds.isEmpty ? 0 : total / Double(seconds.count) * 1000
        p50Milliseconds = rank(0.5)
        p90Milliseconds = rank(0.9)
        tokensPerSecond = total > 0 ? Double(seconds.count) / total : 0
    }
}
