import EdgeKernels
import EdgeModel
import Testing
@testable import EdgeRuntime

/// Q8_0 round trips and the runtime's quantized precisions.
struct QuantizationTests {
    @Test func q8RoundTripIsWithinHalfAStep() {
        let cols = 128
        var rng = SplitMix64(seed: 9)
        let x = (0..<cols).map { _ in (rng.nextUnitFloat() * 2 - 1) * 3 }
        let packed = UnsafeMutableRawPointer.allocate(byteCount: cols / 32 * 34, alignment: 8)
        defer { packed.deallocate() }
        var back = [Float](repeating: 0, count: cols)
        Q8Block.quantizeRow(x, columns: cols, into: packed)
        Q8Block.dequantizeRow(packed, columns: cols, into: &back)
        for b in 0..<cols / 32 {
            let block = x[b * 32..<(b + 1) * 32]
            let d = block.map(abs).max()! / 127
            // Half a quantization step, plus the f16 rounding of d (relative 2⁻¹¹) times |q| ≤ 127.
            let bound = d / 2 + 127 * d * 0x1p-11
            for i in b * 32..<(b + 1) * 32 { #expect(abs(x[i] - back[i]) <= bound) }
            let q = (0..<32).map { packed.load(fromByteOffset: b * 34 + 2 + $0, as: Int8.self) }
            #expect(q.map { abs(Int($0)) }.max() == 127)
        }
    }

    @Test func zeroBlockQuantizesToZero() {
        let x = [Float](repeating: 0, count: 32)
        let packed = UnsafeMutableRawPointer.allocate(byteCount: 34, alignment: 8)
        defer { packed.deallocate() }
        var back = [Float](repeating: 1, count: 32)
        Q8Block.quantizeRow(x, columns: 32, into: packed)
        Q8Block.dequantizeRow(packed, columns: 32, into: &back)
        #expect(back.allSatisfy { $0 == 0 })
    }

    @Test func q4RoundTripIsWithinAStep() {
        let cols = 96
        var rng = SplitMix64(seed: 10)
        let x = (0..<cols).map { _ in (rng.nextUnitFloat() * 2 - 1) * 2 }
        let packed = UnsafeMutableRawPointer.allocate(byteCount: cols / 32 * 18, alignment: 8)
        defer { packed.deallocate() }
        var back = [Float](repeating: 0, count: cols)
        Q4Block.quantizeRow(x, columns: cols, into: packed)
        Q4Block.dequantizeRow(packed, columns: cols, into: &back)
        for b in 0..<cols / 32 {
            let block = x[b * 32..<(b + 1) * 32]
            let d = block.map(abs).max()! / 8
            // The extreme element is exact up to the f16 scale; others within half a step, or a step at the clamp.
            for i in b * 32..<(b + 1) * 32 { #expect(abs(x[i] - back[i]) <= d * (1 + 0x1p-10) + 1e-7) }
        }
    }

    @Test(arguments: [Precision.f16, .int8Blocked, .int8PerChannel, .int4Blocked])
    func quantizedLogitsStayCloseToF32(precision: Precision) throws {
        let source = try RandomWeights(config: TestModels.tiny(), seed: 21)
        let exact = try ModelRuntime(source: source).logits(tokens: TestModels.prompt)
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(precision: precision))
        #expect(runtime.config.precision == precision)
        let approx = try runtime.logits(tokens: TestModels.prompt)
        let scale = exact.joined().map(abs).max()!
        let tolerance: Float = precision == .f16 ? 0.01 : (precision == .int4Blocked ? 0.3 : 0.1)
        #expect(maxDifference(exact, approx) < tolerance * scale)
    }

    @Test func randomQ8WeightsMatchQuantizingAtInit() throws {
        // int8 random weights are generated as Q8_0 blocks; quantizing the f32 weights at init gives the same bytes.
        let q8 = try RandomWeights(config: TestModels.tiny(precision: .int8Blocked), seed: 4)
        let f32 = try RandomWeights(config: TestModels.tiny(precision: .f32), seed: 4)
        #expect(q8.tensors["blk.0.attn_q.weight"]?.type == .q8_0)
        let a = try ModelRuntime(source: q8).logits(tokens: TestModels.prompt)
        let b = try ModelRuntime(source: f32, options: RuntimeOptions(precision: .int8Blocked)).logits(tokens: TestModels.prompt)
        #expect(a == b)
    }

    @Test func unsupportedPrecisionIsAnInputError() throws {
        let source = try RandomWeights(config: TestModels.tiny())
        #expect(throws: InputError.self) { try ModelRuntime(source: source, options: RuntimeOptions(precision: .int4(groupSize: 64))) }
        #expect(throws: InputError.self) { try RandomWeights(config: TestModels.tiny(precision: .int4(groupSize: 64))) }
        #expect(throws: InputError.self) {
            try ModelRuntime(source: source, options: RuntimeOptions(precision: .int8(blockSize: 64)))
        }
    }
}
