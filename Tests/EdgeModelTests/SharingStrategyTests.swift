import Testing
@testable import EdgeModel

@Suite struct SharingStrategyTests {
    @Test func ordersForFourBlocksTwice() {
        #expect(SharingStrategy.none.schedule(blocks: 4, repeats: 1) == [0, 1, 2, 3])
        #expect(SharingStrategy.immediate.schedule(blocks: 4, repeats: 2) == [0, 0, 1, 1, 2, 2, 3, 3])
        #expect(SharingStrategy.repeatAllOver.schedule(blocks: 4, repeats: 2) == [0, 1, 2, 3, 0, 1, 2, 3])
        #expect(SharingStrategy.reverse.schedule(blocks: 4, repeats: 2) == [0, 1, 2, 3, 3, 2, 1, 0])
    }

    @Test func ordersForFourBlocksThrice() {
        #expect(SharingStrategy.immediate.schedule(blocks: 4, repeats: 3) == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
        #expect(SharingStrategy.repeatAllOver.schedule(blocks: 4, repeats: 3) == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
        #expect(SharingStrategy.reverse.schedule(blocks: 4, repeats: 3) == [0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3])
    }

    @Test func noneRejectsRepeats() {
        let config = ModelConfig(name: "t", blocks: 4, dim: 8, heads: 2, kvHeads: 1, ffnHidden: 8, vocab: 8,
                                 context: 8, sharing: .none, repeats: 2)
        #expect(throws: InputError(file: "x", field: "repeats",
                                   "sharing strategy 'none' runs each block once; got repeats 2")) {
            try config.validate(source: "x")
        }
    }

    @Test func cliSpellings() {
        #expect(SharingStrategy.allCases.map(\.rawValue) == ["none", "immediate", "repeat-all-over", "reverse"])
    }
}
