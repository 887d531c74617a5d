import EdgeKernels
import Testing
@testable import EdgeRuntime

/// Each path's many-token GEMM (prefill: packed panels on AVX-512) against the same path's one-token GEMM (decode)
/// run once per token, on sizes with every tail: 45 rows = a 32-row strip + 13 (a partly empty second panel, not a
/// multiple of the decode kernels' 4- or 8-row groups); 7 tokens = a 4-token tile + 3; 608 int8 columns = a
/// 512-column k-block + 96, 19 blocks of 32 (a Q4 32-column tail chunk); 298 float columns = two 128-column
/// k-blocks + 42, and 37 (an odd count: the f16 panels' fallback). Accumulating onto nonzero outputs.
/// The integer dots are exact on both sides; the tolerance is float reassociation over ≤ 608 terms in [−1, 1].
struct PrefillGemmTests {
    static let (rows, tokens, intCols) = (45, 7, 608)

    static func perToken(_ y: inout [Float], rows: Int, tokens: Int,
                         _ gemm: (Int, UnsafeMutablePointer<Float>) -> Void) {
        y.withUnsafeMutableBufferPointer { out in
            for t in 0..<tokens { gemm(t, out.baseAddress! + t * rows) }
        }
    }

    @Test(arguments: KernelPath.supported)
    func floatGemmEqualsPerTokenGemm(path: KernelPath) {
        let k = path.table.pointee, (rows, tokens) = (Self.rows, Self.tokens)
        for cols in [298, 37] {
            let w = KernelPathTests.values(rows * cols, seed: 51), x = KernelPathTests.values(tokens * cols, seed: 52)
            var h = [UInt16](repeating: 0, count: w.count)
            ek_f32_to_f16(w, &h, w.count)
            var y = KernelPathTests.values(tokens * rows, seed: 53), one = y
            k.gemm_f32(w, x, &y, cols, cols, rows, 0, rows, tokens, 1)
            Self.perToken(&one, rows: rows, tokens: tokens) { t, out in
                x.withUnsafeBufferPointer {
                    k.gemm_f32(w, $0.baseAddress! + t * cols, out, cols, cols, rows, 0, rows, 1, 1)
                }
            }
            #expect(KernelPathTests.close(y, one, 1e-4), "f32 \(cols)")
            y = KernelPathTests.values(tokens * rows, seed: 54)
            one = y
            k.gemm_f16(h, x, &y, cols, cols, rows, 0, rows, tokens, 1)
            Self.perToken(&one, rows: rows, tokens: tokens) { t, out in
                x.withUnsafeBufferPointer {
                    k.gemm_f16(h, $0.baseAddress! + t * cols, out, cols, cols, rows, 0, rows, 1, 1)
                }
            }
            #expect(KernelPathTests.close(y, one, 1e-4), "f16 \(cols)")
        }
    }

    @Test(arguments: KernelPath.supported)
    func intGemmsEqualPerTokenGemms(path: KernelPath) {
        let k = path.table.pointee, (rows, tokens, cols) = (Self.rows, Self.tokens, Self.intCols)
        var rng = SplitMix64(seed: 61)
        let wq: [Int8] = (0..<rows * cols).map { _ in Int8(truncatingIfNeeded: rng.next()) }  // includes −128
        let packed: [UInt8] = (0..<rows * cols / 2).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var ws = [UInt16](repeating: 0, count: rows * cols / 32)
        ek_f32_to_f16(KernelPathTests.values(ws.count, seed: 62).map { $0 * 0.01 }, &ws, ws.count)
        let x = KernelPathTests.values(tokens * cols, seed: 63)
        let nl = ek_q8_lanes(cols)
        var xq = [Int8](repeating: 0, count: tokens * cols), xs = [Float](repeating: 0, count: tokens * cols / 32)
        var lanes = [Float](repeating: 0, count: tokens * nl)
        ek_quantize_q8(x, cols, tokens, cols, &xq, &xs, &lanes)
        var u = [UInt8](repeating: 0, count: tokens * cols)
        var lo = [Float](repeating: 0, count: tokens), scale = lo
        ek_quantize_u8(x, cols, tokens, cols, &u, &lo, &scale)
        let rowScales = KernelPathTests.values(rows, seed: 64).map { $0 * 0.01 }
        let sums: [Int32] = (0..<rows).map { r in (0..<cols).reduce(Int32(0)) { $0 + Int32(wq[r * cols + $1]) } }

        var y = KernelPathTests.values(tokens * rows, seed: 65), one = y
        k.gemm_q8(wq, ws, xq, lanes, &y, cols, rows, 0, rows, tokens, 1)
        Self.perToken(&one, rows: rows, tokens: tokens) { t, out in
            k.gemm_q8(wq, ws, Array(xq[t * cols..<(t + 1) * cols]), Array(lanes[t * nl..<(t + 1) * nl]), out, cols,
                      rows, 0, rows, 1, 1)
        }
        #expect(KernelPathTests.close(y, one, 1e-5), "q8")
        y = KernelPathTests.values(tokens * rows, seed: 66)
        one = y
        k.gemm_q4(packed, ws, xq, lanes, &y, cols, rows, 0, rows, tokens, 1)
        Self.perToken(&one, rows: rows, tokens: tokens) { t, out in
            k.gemm_q4(packed, ws, Array(xq[t * cols..<(t + 1) * cols]), Array(lanes[t * nl..<(t + 1) * nl]), out,
                      cols, rows, 0, rows, 1, 1)
        }
        #expect(KernelPathTests.close(y, one, 1e-5), "q4")
        y = KernelPathTests.values(tokens * rows, seed: 67)
        one = y
        k.gemm_w8a8(wq, rowScales, sums, u, lo, scale, &y, cols, rows, 0, rows, tokens, 1)
        Self.perToken(&one, rows: rows, tokens: tokens) { t, out in
            k.gemm_w8a8(wq, rowScales, sums, Array(u[t * cols..<(t + 1) * cols]), [lo[t]], [scale[t]], out, cols,
                        rows, 0, rows, 1, 1)
        }
        #expect(KernelPathTests.close(y, one, 1e-5), "w8a8")
    }
}
