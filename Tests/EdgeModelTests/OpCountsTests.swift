import Testing
@testable import EdgeModel

/// Hand-computed counts for a tiny config: 2 blocks shared immediately ×2 (4 executed layers), dim 8,
/// 2 heads / 1 KV head of 4, FFN 12, vocab 16, f32 weights and KV (qDim 8, kvDim 4).
@Suite struct OpCountsTests {
    static let tiny = ModelConfig(name: "tiny", blocks: 2, dim: 8, heads: 2, kvHeads: 1, headDim: 4, ffnHidden: 12,
                                  vocab: 16, context: 32, sharing: .immediate, repeats: 2, precision: .f32,
                                  kvPrecision: .f32)

    @Test func sizes() {
        // V·d 128 + 2 blocks × (64 + 64 + 64 + 288 + 16) + d 8
        #expect(Self.tiny.parameters == 1128)
        #expect(Self.tiny.weightBytes == 1128 * 4)
        #expect(Self.tiny.kvBytesPerToken == 4 * 2 * 4 * 4)   // layers × (K,V) × kvDim × 4 B
        #expect(Self.tiny.kvBytes(tokens: 32) == 4096)
        #expect(Self.tiny.with(kvPrecision: .f16).kvBytesPerToken == 64)
    }

    @Test func decodeStepAtPositionThree() {
        let counts = OpCounts(config: Self.tiny, step: .decode(position: 3))
        // Per layer: norm 32, q 128, k 64, v 64, rope 3·12 = 36, attention 2·(16+5)·4 = 168, out 128+8,
        // ffn norm 32, gate/up 2·192 + 48 = 432, down 192 + 8 → 1292. Four layers, then norm 32 and logits 256.
        #expect(counts.flops == 4 * 1292 + 32 + 256)
        // Bytes read per layer: 64 + 288 + 160 + 160 + 48 + (32 + 64 + 64) + 320 + 64 + 800 + 464 = 2528;
        // embed 4 + 32, output norm 64, logits 32 + 512.
        #expect(counts.bytesRead == 4 * 2528 + 36 + 64 + 544)
        #expect(counts.weightBytesRead == 4 * 1984 + 32 + 32 + 512)
        #expect(counts.kvBytesRead == 4 * 128)
        let attention = counts.perOp.first { $0.kind == .attention }
        #expect(attention?.count == 4)
        #expect(attention?.bytesWritten == 4 * 32)
    }

    @Test func prefillOfFiveTokens() {
        let counts = OpCounts(config: Self.tiny, step: .prefill(tokens: 5))
        // Attention sums (p+1) over p = 0…4 = 15 query-key pairs per head: 2·21·15 = 630 per layer.
        #expect(counts.perOp.first { $0.kind == .attention }?.flops == 4 * 630)
        // Matmuls scale with the tokens; logits for the last token only.
        #expect(counts.perOp.first { $0.kind == .qProj }?.flops == 4 * 5 * 128)
        #expect(counts.perOp.first { $0.kind == .logits }?.flops == 256)
        // The V projection writes five rows of the cache; attention reads five K and five V rows.
        #expect(counts.perOp.first { $0.kind == .vProj }?.bytesWritten == 4 * 5 * 16)
        #expect(counts.perOp.first { $0.kind == .attention }?.kvBytesRead == 4 * 2 * 5 * 16)
    }

    @Test func qkNormDoublesRopeFlops() {
        var config = Self.tiny
        config.qkNorm = true
        let counts = OpCounts(config: config, step: .decode(position: 0))
        #expect(counts.perOp.first { $0.kind == .rope }?.flops == 4 * 72)
    }
}
