import Foundation
import Testing

/// The runtime's real event stream (its own addresses) and the schedule tracer's (a virtual layout) must cost
/// the same on a device model.
@Suite struct RunOnDeviceTests {
    func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try EdgeProfCLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func runtimeStreamMatchesTracerOnIPhone13() throws {
        let run = try report(["run", "--model", "mobilellm-125m", "--precision", "f16", "--prompt-length", "8",
                              "--tokens", "3", "--threads", "1", "--device", "iphone13"])
        let simulated = try report(["simulate", "--strategy", "none", "--precision", "f16", "--prompt", "8",
                                    "--tokens", "2"])
        let device = try #require(run["device"] as? [String: Any])
        let tracer = try #require((simulated["reports"] as? [[String: Any]])?.first)
        let runDRAM = try #require(device["dramBytesPerDecodeToken"] as? Double)
        let tracerDRAM = try #require(tracer["dramBytesPerDecodeToken"] as? Double)
        // Only the embedding rows of the generated tokens differ between the two streams.
        #expect(abs(runDRAM - tracerDRAM) / tracerDRAM < 0.005)
        let runSeconds = try #require(device["decodeSecondsPerToken"] as? Double)
        let tracerSeconds = try #require(tracer["decodeSecondsPerToken"] as? Double)
        #expect(abs(runSeconds - tracerSeconds) / tracerSeconds < 0.005)
    }
}
