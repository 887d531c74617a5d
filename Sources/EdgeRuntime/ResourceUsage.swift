#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Peak resident memory of this process.
public enum ResourceUsage {
    /// Bytes: `VmHWM` from /proc/self/status where available, else getrusage's ru_maxrss.
    public static func peakResidentBytes() -> Int {
        if let text = procStatus(), let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kb = digits.first { return kb * 1024 }
        }
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #else
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
        #endif
    }

    private static func procStatus() -> String? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text
    }
}

extension ResourceUsage {
    /// Resets the peak resident memory to the current resident memory (Linux: `5` to /proc/self/clear_refs), so
    /// the next `peakResidentBytes` covers what ran since; returns false where the kernel does not allow it.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(file) }
        return fputs("5", file) >= 0
    }
}
