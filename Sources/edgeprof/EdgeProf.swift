import ArgumentParser
import EdgeModel
import Foundation

/// The `edgeprof` command: how a small language model behaves on a phone before it reaches one.
@main
struct EdgeProf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgeprof",
        abstract: "Latency, memory, DRAM traffic and energy per token of small language models on phones.",
        subcommands: [
            // The three jobs: latency profile, memory budget, sharing comparison.
            ProfileCommand.self,
            WhatIfCommand.self,
            CompareCommand.self,
            // The model and the device model.
            SimulateCommand.self,
            ModelsCommand.self,
            InspectCommand.self,
            DevicesCommand.self,
            ReplayCommand.self,
            // The runtime on this host, measured and checked against the model.
            RunCommand.self,
            LogitsCommand.self,
            CountersCommand.self,
            HostCommand.self,
            ValidateCommand.self,
            // CI regression gates.
            BenchCommand.self,
            GateCommand.self,
            MergeCommand.self,
        ])

    /// Runs the command, mapping errors to EdgeProf's exit codes: 2 bad input or usage (ArgumentParser's own
    /// usage errors included), 3 environment; help and version requests exit 0.
    static func main() {
        do {
            var command = try parseAsRoot(attachingNegativeNumbers(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let error as EdgeProfError {
            fail("error: \(error)", code: error.exitCode)
        } catch let error as EncodingError {
            fail("error: a result is not a finite number (NaN or infinite input values?): \(error)", code: 2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure { exit(withError: error) }
            fail(fullMessage(for: error), code: 2)
        }
        fflush(nil)
    }

    /// `--tokens -5` becomes `--tokens=-5`: ArgumentParser reads a value that starts with `-` as an option and would
    /// report "missing value"; joined, the option's own range check names the flag and the bad value. No EdgeProf
    /// option or flag is spelled like a number, so nothing else changes.
    static func attachingNegativeNumbers(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), index + 1 < arguments.count,
               isNegativeNumber(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text.dropFirst()) != nil
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        fflush(nil)
        FileHandle.standardError.write(Data("edgeprof: \(message)\n".utf8))
        Foundation.exit(code)
    }
}
