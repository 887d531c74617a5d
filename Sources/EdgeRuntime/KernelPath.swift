import EdgeKernels
import EdgeModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instruction-set path of the C kernels (EdgeKernels). The build targets the baseline CPU; the path is
/// chosen at run time from what this CPU supports, or forced with `EDGEPROF_KERNELS` or `RuntimeOptions.kernels`.
public enum KernelPath: String, CaseIterable, Sendable {
    /// Plain C, any CPU.
    case portable
    /// x86-64 with AVX2, FMA and F16C (x86-64-v3).
    case avx2
    /// x86-64 with AVX-512 F/BW/VL and VNNI (int8 dot products) plus F16C.
    case avx512
    /// arm64 NEON.
    case neon
    /// arm64 NEON with the int8 dot-product extension (FEAT_DotProd).
    case neonDotprod = "neon-dotprod"

    /// The environment variable that forces a path.
    public static let environmentVariable = "EDGEPROF_KERNELS"

    var cPath: ek_path {
        switch self {
        case .portable: EK_PATH_PORTABLE
        case .avx2: EK_PATH_AVX2
        case .avx512: EK_PATH_AVX512
        case .neon: EK_PATH_NEON
        case .neonDotprod: EK_PATH_NEON_DOTPROD
        }
    }

    /// Whether this build and CPU can run the path.
    public var isSupported: Bool { ek_path_supported(cPath) != 0 }

    /// The fastest path this CPU supports.
    public static var best: KernelPath { path(of: ek_best_path()) }

    /// The paths this CPU supports, fastest last.
    public static var supported: [KernelPath] { allCases.filter(\.isSupported) }

    /// The path named by `EDGEPROF_KERNELS`, nil when it is unset or empty.
    /// - Throws: `EnvironmentError` when it names no path, or one this CPU cannot run.
    public static func fromEnvironment() throws -> KernelPath? {
        guard let raw = getenv(environmentVariable), raw.pointee != 0 else { return nil }
        let name = String(cString: raw)
        guard let path = KernelPath(rawValue: name) else {
            throw EnvironmentError("\(environmentVariable)=\(name): not a kernel path (one of "
                + allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        guard path.isSupported else {
            throw EnvironmentError("\(environmentVariable)=\(name): this CPU or build cannot run it (supported: "
                + supported.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return path
    }

    /// The path the runtime uses when none is given: `EDGEPROF_KERNELS`, else the best one.
    public static func selected() throws -> KernelPath { try fromEnvironment() ?? best }

    /// The kernel table of a supported path.
    var table: UnsafePointer<ek_kernels> {
        guard let table = ek_kernels_for(cPath) else { return ek_kernels_for(EK_PATH_PORTABLE)! }
        return table
    }

    private static func path(of c: ek_path) -> KernelPath {
        allCases.first { $0.cPath == c } ?? .portable
    }
}
