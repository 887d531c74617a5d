import Foundation

extension HostInfo {
    /// This machine: the CPU model from `/proc/cpuinfo` (`unknown` where there is none), active cores, OS.
    public static func current() -> HostInfo {
        var cpu = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HostInfo(cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount,
                        operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}
