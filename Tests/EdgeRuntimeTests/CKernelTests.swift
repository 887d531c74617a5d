import EdgeKernels
import Foundation
import Testing
@testable import EdgeRuntime

/// The C kernels against plain float references computed from the same (dequantized) values.
struct CKernelTests {
    static let rows = 6, cols = 96

    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in rng.nextUnitFloat() * 2 - 1 }
    }

    static func reference(_ w: [Float], _ x: [Float], rows: Int, cols: Int, tokens: Int) -> [Float] {
        (0..<tokens).flatMap { t in
            (0..<rows).map { r in (0..<cols).reduce(Float(0)) { $0 + w[r * cols + $1] * x[t * cols + $1] } }
        }
    }

    @Test func halfConversionRoundTripsAndRounds() {
        let x: [Float] = [1, -2.5, 65504, 1.0 / 3, 0]
        var h = [UInt16](repeating: 0, count: 5)
        var back = [Float](repeating: 0, count: 5)
        ek_f32_to_f16(x, &h, 5)
        ek_f16_to_f32(h, &back, 5)
        #expect(h[0] == 0x3C00 && h[1] == 0xC100 && h[2] == 0x7BFF)
        #expect(back[0] == 1 && back[1] == -2.5 && back[2] == 65504 && back[4] == 0)
        #expect(abs(back[3] - 1.0 / 3) < 1.0 / 3 * 0x1p-11)
    }

    @Test func gemmF16MatchesFloatReference() {
        // 6 tokens: the prefill GEMM on every path that has one.
        let w = Self.values(Self.rows * 40, seed: 1), x = Self.values(6 * 40, seed: 2)
        var h = [UInt16](repeating: 0, count: w.count)
        var wh = [Float](repeating: 0, count: w.count)
        ek_f32_to_f16(w, &h, w.count)
        ek_f16_to_f32(h, &wh, w.count)
        var y = [Float](repeating: 0, count: 6 * Self.rows)
        ek_gemm_f16(h, x, &y, 40, 40, Self.rows, 0, Self.rows, 6, 0)
        let expected = Self.reference(wh, x, rows: Self.rows, cols: 40, tokens: 6)
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func q8GemmEqualsTheDotOfDequantizedBlocks() {
        let (rows, cols, tokens) = (Self.rows, Self.cols, 5)  // a 4-token int8 prefill tile and one token
        let w = Self.values(rows * cols, seed: 3), x = Self.values(tokens * cols, seed: 4)
        // Weights: Q8_0 rows, split into values and scales as the runtime stores them.
        var values = [Int8](repeating: 0, count: rows * cols)
        var scales = [UInt16](repeating: 0, count: rows * cols / 32)
        var wq = [Float](repeating: 0, count: rows * cols)
        let packed = UnsafeMutableRawPointer.allocate(byteCount: cols / 32 * 34, alignment: 8)
        defer { packed.deallocate() }
        for r in 0..<rows {
            w.withUnsafeBufferPointer { Q8Block.quantizeRow($0.baseAddress! + r * cols, columns: cols, into: packed) }
            wq.withUnsafeMutableBufferPointer { Q8Block.dequantizeRow(packed, columns: cols, into: $0.baseAddress! + r * cols) }
            for b in 0..<cols / 32 {
                scales[r * cols / 32 + b] = packed.load(fromByteOffset: b * 34, as: UInt16.self)
                for i in 0..<32 { values[r * cols + b * 32 + i] = packed.load(fromByteOffset: b * 34 + 2 + i, as: Int8.self) }
            }
        }
        var xq = [Int8](repeating: 0, count: tokens * cols)
        var xs = [Float](repeating: 0, count: tokens * cols / 32)
        var lanes = [Float](repeating: 0, count: tokens * ek_q8_lanes(cols))
        ek_quantize_q8(x, cols, tokens, cols, &xq, &xs, &lanes)
        let xd = (0..<tokens * cols).map { xs[$0 / 32] * Float(xq[$0]) }
        var y = [Float](repeating: 0, count: tokens * rows)
        ek_gemm_q8(values, scales, xq, lanes, &y, cols, rows, 0, rows, tokens, 0)
        let expected = Self.reference(wq, xd, rows: rows, cols: cols, tokens: tokens)
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-4 })
        // And close to the unquantized product.
        let exact = Self.reference(w, x, rows: rows, cols: cols, tokens: tokens)
        #expect(zip(y, exact).allSatisfy { abs($0 - $1) < 0.05 })
    }

    @Test(arguments: KernelPath.supported, [96, 160, 576, 960, 16_416])
    func q4GemmEqualsTheDotOfDequantizedBlocks(path: KernelPath, cols: Int) {
        // Groups of 16 blocks in ek_q4_pack_row's layout: 96 columns, one group of 3 blocks (4 lanes per block);
        // 160: 5 blocks (2 lanes per block); 576: a full group and 2 blocks; 960: a full group and 14 blocks (one lane
        // per block, 2 lanes masked); 16416: 32 full groups and one block, past the 16384-column slice of the
        // activation tables. 5 tokens: a 4-token prefill tile and one; then the first token alone (decode: AVX-512
        // takes the rows one at a time from 960 columns on, 4 at a time below).
        let rows = 5, tokens = 5
        let w = Self.values(rows * cols, seed: 12), x = Self.values(tokens * cols, seed: 13)
        var packed = [UInt8](repeating: 0, count: rows * cols / 2)
        var scales = [UInt16](repeating: 0, count: rows * cols / 32)
        var wq = [Float](repeating: 0, count: rows * cols)
        let blocks = UnsafeMutableRawPointer.allocate(byteCount: cols / 32 * 18, alignment: 8)
        defer { blocks.deallocate() }
        var nibbles = [UInt8](repeating: 0, count: cols)
        for r in 0..<rows {
            w.withUnsafeBufferPointer { Q4Block.quantizeRow($0.baseAddress! + r * cols, columns: cols, into: blocks) }
            wq.withUnsafeMutableBufferPointer { Q4Block.dequantizeRow(blocks, columns: cols, into: $0.baseAddress! + r * cols) }
            Q4Block.nibbles(blocks, columns: cols, into: &nibbles)
            packed.withUnsafeMutableBufferPointer {
                Q4Block.packForKernel(nibbles, columns: cols, into: $0.baseAddress! + r * cols / 2)
            }
            for b in 0..<cols / 32 { scales[r * cols / 32 + b] = blocks.load(fromByteOffset: b * 18, as: UInt16.self) }
        }
        var xq = [Int8](repeating: 0, count: tokens * cols)
        var xs = [Float](repeating: 0, count: tokens * cols / 32)
        var lanes = [Float](repeating: 0, count: tokens * ek_q8_lanes(cols))
        ek_quantize_q8(x, cols, tokens, cols, &xq, &xs, &lanes)
        let xd = (0..<tokens * cols).map { xs[$0 / 32] * Float(xq[$0]) }
        var y = [Float](repeating: 0, count: tokens * rows)
        path.table.pointee.gemm_q4(packed, scales, xq, lanes, &y, cols, rows, 0, rows, tokens, 0)
        let expected = Self.reference(wq, xd, rows: rows, cols: cols, tokens: tokens)
        // Float reassociation: relative to the output's size once it passes 1 (16416 columns reach tens).
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-4 * max(1, abs($1)) })
        var decoded = [Float](repeating: 0, count: rows)
        path.table.pointee.gemm_q4(packed, scales, xq, lanes, &decoded, cols, rows, 0, rows, 1, 0)
        #expect(zip(decoded, expected.prefix(rows)).allSatisfy { abs($0 - $1) < 1e-4 * max(1, abs($1)) })
    }

    @Test func w8a8GemmUsesMinMaxActivations() {
        let (rows, cols) = (5, 80)
        let x = Self.values(cols, seed: 6).map { $0 + 0.5 }
        var u = [UInt8](repeating: 0, count: cols)
        var lo: Float = 0, scale: Float = 0
        ek_quantize_u8(x, cols, 1, cols, &u, &lo, &scale)
        #expect(lo == x.min()! && abs(scale - (x.max()! - x.min()!) / 255) < 1e-7)
        #expect(u.contains(0) && u.contains(255))
        let q: [Int8] = (0..<rows * cols).map { Int8(($0 * 37) % 255 - 127) }
        let ws: [Float] = [0.01, 0.02, 0.005, 0.1, 0.03]
        let sums: [Int32] = (0..<rows).map { r in (0..<cols).reduce(Int32(0)) { $0 + Int32(q[r * cols + $1]) } }
        var y = [Float](repeating: 0, count: rows)
        ek_gemm_w8a8(q, ws, sums, u, &lo, &scale, &y, cols, rows, 0, rows, 1, 0)
        for r in 0..<rows {
            let expected = (0..<cols).reduce(Float(0)) { $0 + ws[r] * Float(q[r * cols + $1]) * (lo + scale * Float(u[$1])) }
            #expect(abs(y[r] - expected) < 1e-4)
        }
    }

    @Test func swiGLUIsSiluTimesUp() {
        // 19 values: one 16-lane vector and a masked tail. silu(1) = 1/(1+e⁻¹) = 0.7310586, silu(−2) = −0.2384058.
        var gate: [Float] = [0, 1, -2] + (3..<19).map { Float($0) * 0.5 - 5 }
        let up: [Float] = [5, 2, 3] + [Float](repeating: 1, count: 16)
        let input = gate
        ek_swiglu(&gate, up, 19)
        #expect(gate[0] == 0)
        #expect(abs(gate[1] - 1.4621172) < 1e-6)
        #expect(abs(gate[2] - -0.7152175) < 1e-6)
        for i in 3..<19 {
            let g = Double(input[i])
            #expect(abs(Double(gate[i]) - g / (1 + exp(-g))) < 1e-6 * max(1, abs(g)))
        }
    }

    @Test func attentionOverALongContextMatchesADoubleReference() {
        // 2 query heads sharing 1 KV head of 16, 40 cached positions, query at position 39 (vector and tail lanes).
        let hd = 16, n = 40
        let q = Self.values(2 * hd, seed: 7).map { $0 * 2 }, k = Self.values(n * hd, seed: 8), v = Self.values(n * hd, seed: 9)
        var scores = [Float](repeating: 0, count: n)
        var out = [Float](repeating: 0, count: 2 * hd)
        ek_attention(q, k, v, 0, &out, 2, 1, hd, n - 1, 1, 0, 1, &scores, 0.25)
        for h in 0..<2 {
            let logits = (0..<n).map { j in 0.25 * (0..<hd).reduce(0.0) { $0 + Double(q[h * hd + $1]) * Double(k[j * hd + $1]) } }
            let top = logits.max()!
            let weights = logits.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            for d in 0..<hd {
                let expected = (0..<n).reduce(0.0) { $0 + weights[$1] / total * Double(v[$1 * hd + d]) }
                #expect(abs(Double(out[h * hd + d]) - expected) < 1e-6)
            }
        }
    }

    @Test func attentionOfAHandCase() {
        // One head, headDim 2, two cached positions. Query (1, 0); keys (0, 0) and (2, 0): scores ·1/√2 → 0 and √2.
        let q: [Float] = [1, 0]
        let k: [Float] = [0, 0, 2, 0], v: [Float] = [1, 0, 0, 1]
        var out: [Float] = [0, 0]
        var scores = [Float](repeating: 0, count: 2)
        ek_attention(q, k, v, 0, &out, 1, 1, 2, 1, 1, 0, 1, &scores, 1 / Float(2).squareRoot())
        let e = Float(exp(2.0.squareRoot()))
        #expect(abs(out[0] - 1 / (1 + e)) < 1e-6)
        #expect(abs(out[1] - e / (1 + e)) < 1e-6)
        // Causality: at position 0 the query sees only the first key.
        ek_attention(q, k, v, 0, &out, 1, 1, 2, 0, 1, 0, 1, &scores, 1)
        #expect(out == [1, 0])
    }
}
