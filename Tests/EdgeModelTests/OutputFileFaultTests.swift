import EdgeModel
import Foundation
import Testing

/// Output faults (issue 10): a full disk, a read-only file system and SIGINT during a write leave no temporary
/// or partial file and never damage the file that was there before.
@Suite(.serialized) struct OutputFileFaultTests {
    /// A 64 KiB tmpfs mounted for one test (needs root, or CAP_SYS_ADMIN); nil where mounting is not allowed.
    struct SmallDisk {
        let path: String

        init?(options: String) {
            path = NSTemporaryDirectory() + "edgeprof-disk-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard geteuid() == 0, Self.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]) else {
                try? FileManager.default.removeItem(atPath: path)
                return nil
            }
        }

        func remount(_ options: String) -> Bool { Self.run("/bin/mount", ["-o", "remount," + options, path]) }

        func unmount() {
            _ = Self.run("/bin/umount", [path])
            try? FileManager.default.removeItem(atPath: path)
        }

        static func run(_ tool: String, _ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    /// Whether this machine lets the tests mount a tmpfs (checked once, with a throwaway mount).
    static let canMount: Bool = {
        guard let disk = SmallDisk(options: "size=64k") else { return false }
        disk.unmount()
        return true
    }()

    @Test(.enabled(if: canMount, "mounting a small tmpfs needs root; skipped here"))
    func fullDiskKeepsTheBaselineAndLeavesNoTemporaryFile() throws {
        let disk = try #require(SmallDisk(options: "size=64k"))
        defer { disk.unmount() }
        let path = disk.path + "/baseline.json"
        try OutputFile.write("{\"baseline\": 1}", to: path)
        let error = #expect(throws: InputError.self) {
            try OutputFile.write(Data(repeating: 65, count: 1 << 20), to: path, flag: "--save-baseline")
        }
        #expect(error?.field == "--save-baseline")
        #expect(error?.reason.contains("No space left on device") == true, "\(String(describing: error))")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"baseline\": 1}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["baseline.json"])
    }

    @Test(.enabled(if: canMount, "mounting a small tmpfs needs root; skipped here"))
    func readOnlyFileSystemNamesTheFlag() throws {
        let disk = try #require(SmallDisk(options: "size=64k"))
        defer { disk.unmount() }
        #expect(disk.remount("ro"))
        let error = #expect(throws: InputError.self) { try OutputFile.write("x", to: disk.path + "/r.json", flag: "--output") }
        #expect(error?.field == "--output")
        #expect(error?.reason.contains("Read-only file system") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)
    }

    /// SIGINT sent to the writing thread once its temporary file exists is held until the write is over: when the
    /// handler runs, the temporary file is gone and the destination is complete.
    @Test func sigintDuringAWriteIsDeferredUntilTheFileIsComplete() throws {
        let dir = NSTemporaryDirectory() + "edgeprof-sig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.json", size = 16 << 20
        let temporary = dir + "/.big.json.tmp-\(getpid())"
        SignalProbe.arm(temporary: temporary, destination: path)
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { _ in SignalProbe.record() }
        var previous = sigaction()
        sigaction(SIGINT, &handler, &previous)
        defer { sigaction(SIGINT, &previous, nil) }

        // The test runner's threads may block SIGINT; this one must not, or nothing could be deferred.
        var sigint = sigset_t(), mask = sigset_t()
        sigemptyset(&sigint)
        sigaddset(&sigint, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &sigint, &mask)
        defer { pthread_sigmask(SIG_SETMASK, &mask, nil) }

        let writer = pthread_self()
        let sender = Thread {
            let deadline = Date().addingTimeInterval(20)
            while access(temporary, F_OK) != 0 && Date() < deadline { usleep(200) }
            pthread_kill(writer, SIGINT)
        }
        sender.start()
        try OutputFile.write(Data(repeating: 66, count: size), to: path)
        while !SignalProbe.delivered && sender.isExecuting { usleep(1_000) }
        usleep(10_000)
        #expect(SignalProbe.delivered)
        #expect(SignalProbe.temporaryExisted == false, "the signal arrived while the temporary file existed")
        #expect(SignalProbe.destinationBytes == size)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["big.json"])
    }
}

/// What the SIGINT handler saw (async-signal-safe: `access`, `stat` and stores to preallocated memory).
enum SignalProbe {
    nonisolated(unsafe) static var temporary = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)
    nonisolated(unsafe) static var destination = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)
    nonisolated(unsafe) static var delivered = false
    nonisolated(unsafe) static var temporaryExisted = false
    nonisolated(unsafe) static var destinationBytes = -1

    static func arm(temporary: String, destination: String) {
        strncpy(Self.temporary, temporary, 4095)
        strncpy(Self.destination, destination, 4095)
        delivered = false
    }

    /// Saves and restores errno: `access` fails with ENOENT here, and a handler must not change what the
    /// interrupted code reads (ThreadSanitizer's "signal handler spoils errno").
    static func record() {
        let saved = errno
        defer { errno = saved }
        temporaryExisted = access(temporary, F_OK) == 0
        var info = stat()
        destinationBytes = stat(destination, &info) == 0 ? Int(info.st_size) : -1
        delivered = true
    }
}
