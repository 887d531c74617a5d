import EdgeModel

extension LoadedSuite {
    /// One timed repetition of the case at suite position `index`, run in this process: what each fresh process of
    /// a measured bench runs (`RepetitionProcess`). A short untimed warm-up (the whole case with one decode step)
    /// comes first, so the timed run does not pay the process's first touch of its pages or first call of each
    /// kernel: measured in fresh processes at a load average of 9, a cold prefill moved by up to 32 % between two
    /// unchanged benches (page-fault cost follows the other processes' memory use).
    /// - Throws: `InputError` for an index outside the suite, a case without `"measure": true`, threads outside
    ///   1...256 or a slowdown outside 0...10 (test-only, see `MeasuredRun.decodeSlowdown`).
    public func measureOnce(caseIndex index: Int, threads: Int, decodeSlowdown: Double) throws -> MeasuredRepetition {
        try BenchRunner.check(threads: threads, decodeSlowdown: decodeSlowdown)
        guard suite.cases.indices.contains(index), suite.cases[index].measure == true else {
            throw InputError(file: path, field: "cases[\(index)]", "is not a measured case of this suite")
        }
        let item = suite.cases[index]
        let config = try config(forCase: index)
        let run = MeasuredRun(config: config, prompt: item.prompt, tokens: item.tokens, threads: threads,
                              decodeSlowdown: decodeSlowdown, referenceLoop: ReferenceLoop(bytes: config.weightBytes))
        _ = try run.run(decodeSteps: 1)
        return try run.run(decodeSteps: item.tokens)
    }
}
