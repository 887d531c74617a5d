import Testing
@testable import EdgeModel

@Suite struct PrecisionTests {
    @Test func rowBytesIncludeScales() {
        #expect(Precision.f32.rowBytes(columns: 64) == 256)
        #expect(Precision.f16.rowBytes(columns: 64) == 128)
        #expect(Precision.bf16.rowBytes(columns: 64) == 128)
        #expect(Precision.int8Blocked.rowBytes(columns: 64) == 64 + 2 * 2)      // two Q8_0 blocks of 34 bytes
        #expect(Precision.int8PerChannel.rowBytes(columns: 64) == 64 + 4)      // one f32 scale per row
        #expect(Precision.int4Blocked.rowBytes(columns: 64) == 32 + 2 * 2)     // two Q4_0 blocks of 18 bytes
        #expect(Precision.int4(groupSize: 128).rowBytes(columns: 64) == 32 + 2) // one partial group
        #expect(Precision.int8Blocked.rowBytes(columns: 40) == 40 + 2 * 2)     // partial last block keeps a scale
    }

    @Test func namesRoundTrip() {
        for p in Precision.all + [.int8PerChannel, .int4(groupSize: 64), .int8(blockSize: 16)] {
            #expect(Precision(name: p.name) == p)
        }
        #expect(Precision(name: "int3") == nil)
        #expect(Precision(name: "int4-g7") == nil)
    }

    @Test func llamaCppSizesFor125m() throws {
        // perf-anchors.md: llama.cpp's 125m GGUFs are 498.5 MB (F32), 249.3 (F16), 132.5 (Q8_0).
        let c = try #require(Presets.named("mobilellm-125m"))
        #expect((Double(c.with(precision: .f32).weightBytes) / 1e6 * 10).rounded() == 4985)
        #expect((Double(c.with(precision: .f16).weightBytes) / 1e6 * 10).rounded() == 2493)
        #expect((Double(c.with(precision: .int8Blocked).weightBytes) / 1e6 * 10).rounded() == 1325)
    }
}

/// Finding 3 of issue 10: block sizes near `Int.max` wrapped `(n + size − 1) / size` to a negative block count.
@Suite struct PrecisionOverflowTests {
    @Test func hugeBlockSizesAreRejectedByTheParser() {
        #expect(Precision(name: "int8-b9223372036854775807") == nil)
        #expect(Precision(name: "int4-g9223372036854775806") == nil)
        #expect(Precision(name: "int8-b\(Precision.maxBlockSize + 1)") == nil)
        #expect(Precision(name: "int8-b\(Precision.maxBlockSize)") == .int8(blockSize: Precision.maxBlockSize))
    }

    @Test func blockCountDoesNotWrap() {
        // One scale per row of 576 columns, whatever the block size beyond 576: 576 values + one f16 scale.
        #expect(Precision.int8(blockSize: Int.max).rowBytes(columns: 576) == 576 + 2)
        #expect(Precision.int4(groupSize: Int.max - 1).rowBytes(columns: 576) == 288 + 2)
        #expect(Precision.int8(blockSize: 1 << 20).rowBytes(columns: 576) == 576 + 2)
    }
}
