import EdgeKernels
import EdgeModel
import Testing
@testable import EdgeRuntime

/// Every kernel path this CPU runs (avx512, avx2 and portable here) against the portable one on the same inputs.
/// Integer dot products are exact on every path, so the paths differ only in the order floats are summed: the
/// tolerances below are a few float ulps of the sums' magnitudes (inputs in [−1, 1], ≤ 160 terms).
struct KernelPathTests {
    static var portable: ek_kernels { KernelPath.portable.table.pointee }
    // 11 rows: two 4-row decode groups + 3 (Q8_0, Q4_0; the float and W8A8 decode go row by row), a partial 32-row
    // prefill strip; 2 full 64-column chunks + a 32 tail; 6 tokens: a 4-token int8 tile + 2 (AVX-512 floats: one
    // 6-token tile). Each GEMM runs with all 6 tokens (prefill) and with the first token alone (decode).
    static let (rows, cols, tokens) = (11, 160, 6)

    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in rng.nextUnitFloat() * 2 - 1 }
    }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func namesAgreeWithTheCTables() {
        for path in KernelPath.allCases {
            #expect(ek_path_named(path.rawValue) == Int32(path.cPath.rawValue))
            if path.isSupported { #expect(String(cString: path.table.pointee.name) == path.rawValue) }
        }
        #expect(KernelPath.portable.isSupported && KernelPath.best.isSupported)
        #expect(ek_path_named("sse9") == -1)
        #if arch(x86_64)
        #expect(!KernelPath.neon.isSupported)
        #endif
    }

    @Test(arguments: KernelPath.supported)
    func gemmF32MatchesAHandProduct(path: KernelPath) {
        // 5 rows × 37 columns (a 4-row group + 1, vector loops and scalar tails), 6 tokens, accumulating onto 1.
        // Small integers: every partial sum is exact, so the result is too, whatever the order.
        let rows = 5, cols = 37, tokens = 6
        let w = (0..<rows * cols).map { Float(($0 * 7) % 11) - 5 }
        let x = (0..<tokens * cols).map { Float(($0 * 3) % 5) - 2 }
        var y = [Float](repeating: 1, count: tokens * rows)
        path.table.pointee.gemm_f32(w, x, &y, cols, cols, rows, 0, rows, tokens, 1)
        for t in 0..<tokens {
            for r in 0..<rows {
                #expect(y[t * rows + r] == 1 + (0..<cols).reduce(Float(0)) { $0 + w[r * cols + $1] * x[t * cols + $1] })
            }
        }
    }

    @Test(arguments: KernelPath.supported)
    func halfConversionsAreBitExact(path: KernelPath) {
        // Normals, subnormals (2^-24 = 0x0001, 2^-14 = 0x0400), ties to even (1 + 2^-11 → 1; 1 + 3·2^-11 → 1 + 2^-9),
        // overflow (65520 → inf) and infinities; 17 values cover vector bodies and tails.
        let x: [Float] = [1, -2.5, 65504, 0x1p-24, 0x1p-14, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 65520, -.infinity, 0, -0.0,
                          0.1, -3e-6, 1000.5, 2049, 7, 0x1.8p-20]
        let expected: [UInt16] = [0x3C00, 0xC100, 0x7BFF, 0x0001, 0x0400, 0x3C00, 0x3C02, 0x7C00, 0xFC00, 0, 0x8000,
                                  0x2E66, 0x8032, 0x63D1, 0x6800, 0x4700, 0x0018]
        let k = path.table.pointee
        var h = [UInt16](repeating: 0, count: x.count)
        k.f32_to_f16(x, &h, x.count)
        #expect(h == expected)
        var back = [Float](repeating: 0, count: x.count), reference = back
        k.f16_to_f32(h, &back, h.count)
        Self.portable.f16_to_f32(h, &reference, h.count)
        #expect(back.map(\.bitPattern) == reference.map(\.bitPattern))
        #expect(back[3] == 0x1p-24 && back[6] == 1 + 0x1p-9 && back[7] == .infinity)
    }

    @Test(arguments: KernelPath.supported)
    func floatGemmsMatchPortable(path: KernelPath) {
        let (rows, cols, tokens) = (Self.rows, Self.cols, Self.tokens)
        let w = Self.values(rows * cols, seed: 21), x = Self.values(tokens * cols, seed: 22)
        var h = [UInt16](repeating: 0, count: w.count)
        ek_f32_to_f16(w, &h, w.count)
        let k = path.table.pointee
        for (accumulate, tokens) in [(Int32(0), tokens), (1, tokens), (0, 1), (1, 1)] {
            var y = Self.values(tokens * rows, seed: 23), ref = y
            k.gemm_f32(w, x, &y, cols, cols, rows, 0, rows, tokens, accumulate)
            Self.portable.gemm_f32(w, x, &ref, cols, cols, rows, 0, rows, tokens, accumulate)
            #expect(Self.close(y, ref, 1e-5))
            var yh = Self.values(tokens * rows, seed: 24), refh = yh
            k.gemm_f16(h, x, &yh, cols, cols, rows, 0, rows, tokens, accumulate)
            Self.portable.gemm_f16(h, x, &refh, cols, cols, rows, 0, rows, tokens, accumulate)
            #expect(Self.close(yh, refh, 1e-5))
        }
    }

    @Test(arguments: KernelPath.supported)
    func intGemmsMatchPortable(path: KernelPath) {
        let (rows, cols, tokens) = (Self.rows, Self.cols, Self.tokens)
        var rng = SplitMix64(seed: 31)
        let wq: [Int8] = (0..<rows * cols).map { _ in Int8(truncatingIfNeeded: rng.next()) }  // includes −128
        let packed: [UInt8] = (0..<rows * cols / 2).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var ws = [UInt16](repeating: 0, count: rows * cols / 32)
        ek_f32_to_f16(Self.values(ws.count, seed: 32).map { $0 * 0.01 }, &ws, ws.count)
        let x = Self.values(tokens * cols, seed: 33)
        var xq = [Int8](repeating: 0, count: tokens * cols), xs = [Float](repeating: 0, count: tokens * cols / 32)
        var lanes = [Float](repeating: 0, count: tokens * ek_q8_lanes(cols))
        ek_quantize_q8(x, cols, tokens, cols, &xq, &xs, &lanes)
        var u = [UInt8](repeating: 0, count: tokens * cols)
        var lo = [Float](repeating: 0, count: tokens), scale = lo
        ek_quantize_u8(x, cols, tokens, cols, &u, &lo, &scale)
        let rowScales = Self.values(rows, seed: 34).map { $0 * 0.01 }
        let sums: [Int32] = (0..<rows).map { r in (0..<cols).reduce(Int32(0)) { $0 + Int32(wq[r * cols + $1]) } }
        let k = path.table.pointee
        for (accumulate, tokens) in [(Int32(0), tokens), (1, tokens), (0, 1), (1, 1)] {
            var y = Self.values(tokens * rows, seed: 35), ref = y
            k.gemm_q8(wq, ws, xq, lanes, &y, cols, rows, 0, rows, tokens, accumulate)
            Self.portable.gemm_q8(wq, ws, xq, lanes, &ref, cols, rows, 0, rows, tokens, accumulate)
            #expect(Self.close(y, ref, 1e-5))
            y = Self.values(tokens * rows, seed: 36)
            ref = y
            k.gemm_q4(packed, ws, xq, lanes, &y, cols, rows, 0, rows, tokens, accumulate)
            Self.portable.gemm_q4(packed, ws, xq, lanes, &ref, cols, rows, 0, rows, tokens, accumulate)
            #expect(Self.close(y, ref, 1e-5))
            y = Self.values(tokens * rows, seed: 37)
            ref = y
            k.gemm_w8a8(wq, rowScales, sums, u, lo, scale, &y, cols, rows, 0, rows, tokens, accumulate)
            Self.portable.gemm_w8a8(wq, rowScales, sums, u, lo, scale, &ref, cols, rows, 0, rows, tokens, accumulate)
            #expect(Self.close(y, ref, 1e-5))
        }
    }

    @Test(arguments: KernelPath.supported)
    func quantizersAreBitIdenticalToPortable(path: KernelPath) {
        // Q8: 3 tokens × 96 columns; token 0's first block has max |x| = 127, so its scale is 1 and x·(1/scale) = x:
        // the ties ±0.5, −2.5, 126.5 round away from zero (±1, −3, 127) as roundf does. U8: 37 columns (a 16-lane
        // body and a tail); token 0 spans 0…255 (scale 1) with ties 0.5 and 254.5 (→ 1 and 255).
        let k = path.table.pointee, p = Self.portable
        var x = Self.values(3 * 96, seed: 71)
        for (i, v) in [Float(127), 0.5, -0.5, -2.5, 126.5].enumerated() { x[i] = v }
        var q = [Int8](repeating: 0, count: x.count), qRef = q
        var scales = [Float](repeating: 0, count: 9), scalesRef = scales
        var lanes = [Float](repeating: 0, count: 3 * ek_q8_lanes(96)), lanesRef = lanes
        k.quantize_q8(x, 96, 3, 96, &q, &scales, &lanes)
        p.quantize_q8(x, 96, 3, 96, &qRef, &scalesRef, &lanesRef)
        #expect(Array(q[0..<5]) == [127, 1, -1, -3, 127])
        #expect(q == qRef && scales.map(\.bitPattern) == scalesRef.map(\.bitPattern) && lanes == lanesRef)
        var xu = Self.values(2 * 37, seed: 72).map { ($0 + 1) * 100 }  // in [0, 200]
        for (i, v) in [Float(0), 255, 0.5, 254.5].enumerated() { xu[i] = v }
        var u = [UInt8](repeating: 0, count: xu.count), uRef = u
        var lo = [Float](repeating: 0, count: 2), loRef = lo, scale = lo, scaleRef = lo
        k.quantize_u8(xu, 37, 2, 37, &u, &lo, &scale)
        p.quantize_u8(xu, 37, 2, 37, &uRef, &loRef, &scaleRef)
        #expect(Array(u[0..<4]) == [0, 255, 1, 255])
        #expect(u == uRef && lo == loRef && scale.map(\.bitPattern) == scaleRef.map(\.bitPattern))
    }

    @Test(arguments: KernelPath.supported)
    func swiGLUAndAttentionMatchPortable(path: KernelPath) {
        let k = path.table.pointee
        // SwiGLU over 37 values in [−8, 8] (vector bodies and tails): the vector e^x is within ~1e-7 relative.
        var gate = Self.values(37, seed: 41).map { $0 * 8 }, gateRef = gate
        let up = Self.values(37, seed: 42)
        k.swiglu(&gate, up, 37)
        Self.portable.swiglu(&gateRef, up, 37)
        #expect(Self.close(gate, gateRef, 1e-6))
        // Attention: 4 query heads over 2 KV heads of 24 (16-lane body + tail) and of 136 (past the AVX-512 V pass's
        // 128 columns: a second pass of one masked vector), 3 queries after 37 cached positions (16-position score
        // blocks + tail).
        for hd in [24, 136] {
            let (heads, kvHeads, start, tokens) = (4, 2, 37, 3)
            let n = start + tokens
            let q = Self.values(tokens * heads * hd, seed: 43).map { $0 * 2 }
            let kc = Self.values(n * kvHeads * hd, seed: 44), vc = Self.values(n * kvHeads * hd, seed: 45)
            var kh = [UInt16](repeating: 0, count: kc.count), vh = kh
            ek_f32_to_f16(kc, &kh, kc.count)
            ek_f32_to_f16(vc, &vh, vc.count)
            func attend(_ table: ek_kernels, half: Bool) -> [Float] {
                var out = [Float](repeating: 0, count: q.count), scores = [Float](repeating: 0, count: n)
                if half {
                    table.attention(q, kh, vh, 1, &out, heads, kvHeads, hd, start, tokens, 0, 1, &scores, 0.2)
                } else {
                    table.attention(q, kc, vc, 0, &out, heads, kvHeads, hd, start, tokens, 0, 1, &scores, 0.2)
                }
                return out
            }
            #expect(Self.close(attend(k, half: false), attend(Self.portable, half: false), 1e-6), "hd \(hd)")
            #expect(Self.close(attend(k, half: true), attend(Self.portable, half: true), 1e-6), "hd \(hd)")
        }
    }

    @Test(arguments: KernelPath.supported)
    func runtimeLogitsMatchPortable(path: KernelPath) throws {
        // The whole forward pass (prefill of 8 tokens: tiles and single tokens) in every precision the runtime
        // computes, 2 threads, against the same model on the portable path (measured: ≤ 1.5e-6 apart except W8A8).
        let source = try RandomWeights(config: TestModels.tiny(), seed: 5)
        for precision: Precision in [.f32, .f16, .int8Blocked, .int8PerChannel, .int4(groupSize: 32)] {
            func logits(_ kernels: KernelPath) throws -> [[Float]] {
                let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
                    threads: 2, precision: precision, maxPositions: 16, kernels: kernels))
                #expect(runtime.kernelPath == kernels)
                return try runtime.logits(tokens: TestModels.prompt)
            }
            // W8A8 quantizes each token's activations to 255 steps of its range: a 1-ulp difference upstream can
            // move one value across a rounding boundary, a whole step (measured: 0.0095 on avx2 and avx512).
            let tolerance: Float = precision == .int8PerChannel ? 0.02 : 1e-4
            #expect(maxDifference(try logits(path), try logits(.portable)) < tolerance, "\(precision.name)")
        }
    }
}
