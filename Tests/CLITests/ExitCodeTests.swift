import Testing

/// DESIGN.md's exit codes: usage errors and out-of-range numbers are bad input (2), never a crash or 64.
@Suite struct ExitCodeTests {
    @Test(arguments: [
        ["bogus"], ["models", "--format", "xml"], ["inspect"], ["devices", "show"], ["run", "--seed=-1"],
        ["simulate", "--tokens", "9223372036854775807"], ["simulate", "--prompt", "9223372036854775807"],
        ["run", "--model", "mobilellm-125m", "--tokens", "9223372036854775807"],
        ["run", "--model", "mobilellm-125m", "--prompt-length", "9223372036854775807"],
        ["inspect", "mobilellm-125m", "--kv-precision", "int8"],
        ["simulate", "--strategy", "none", "--repeats", "3"],
        ["replay", "--hierarchy", "iphone13", "--trace", "/"],
        ["simulate", "--device", "/"],
    ])
    func badInputExitsTwo(arguments: [String]) throws {
        let result = try EdgeProfCLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("edgeprof: "))
    }

    @Test func helpExitsZero() throws {
        #expect(try EdgeProfCLI.run(["--help"]).status == 0)
    }

    @Test func repeatsWithoutStrategyComparesAllOrders() throws {
        let result = try EdgeProfCLI.run(["simulate", "--repeats", "3", "--prompt", "4", "--tokens", "1", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("immediate×3") && result.stdout.contains("reverse×3"))
    }
}
