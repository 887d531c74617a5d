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
            ModelsCommand.self,
            InspectCommand.self,
            RunCommand.self,
            SimulateCommand.self,
            DevicesCommand.self,
            ReplayCommand.self,
            LogitsCommand.self,
        ])

    /// Runs the command, mapping EdgeProf errors to their exit codes (2 bad input, 3 environment).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as EdgeProfError {
            fflush(nil)
            FileHandle.standardError.write(Data("edgeprof: error: \(error)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            fflush(nil)
            exit(withError: error)
        }
        fflush(nil)
    }
}
