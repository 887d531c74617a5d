import Testing
@testable import EdgeModel

@Suite struct OpKindTests {
    /// `index` is written out as a switch: it must be each kind's position in `ordered` (execution order).
    @Test func indexIsThePositionInExecutionOrder() {
        #expect(OpKind.ordered.map(\.index) == Array(0..<OpKind.allCases.count))
        #expect(OpKind.ordered.first == .embed && OpKind.ordered.last == .logits)
    }
}
