#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EdgeKernels
import EdgeModel

/// A whole file mapped read-only (`PROT_READ`, `MAP_PRIVATE`); nothing is copied at load, and the mapping is
/// released when the last reference goes away. If the file shrinks while mapped, reading a page past its new end
/// ends the process with a message naming the file and exit code 3 (see `mappedfaults.h`), not a crash.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with, used in error messages.
    public let path: String
    /// The mapped bytes; valid while this object is alive.
    public let bytes: UnsafeRawBufferPointer
    /// The mapping's slot in the SIGBUS handler's table.
    private let faultSlot: Int32

    /// Maps the file at `path`. A missing, unreadable, non-regular or empty file is an `InputError`.
    public init(path: String) throws {
        try InputFile.requireRegular(path)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(file: path, field: "file", "cannot open: \(Self.errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(file: path, field: "file", "cannot stat: \(Self.errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw InputError(file: path, field: "file", "is not a regular file") }
        guard info.st_size > 0, let size = Int(exactly: info.st_size) else {
            throw InputError(file: path, field: "file", "is empty")
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw EnvironmentError("\(path): mmap of \(size) bytes failed: \(Self.errnoText())")
        }
        self.path = path
        self.bytes = UnsafeRawBufferPointer(start: address, count: size)
        self.faultSlot = ek_mapping_register(address, size, path)
    }

    deinit {
        ek_mapping_unregister(faultSlot)
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Bytes in the file.
    public var count: Int { bytes.count }

    /// A cursor over the file, at its first byte.
    func cursor() -> ByteCursor { ByteCursor(file: path, bytes: bytes, offset: 0) }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
