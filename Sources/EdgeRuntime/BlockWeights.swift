/// The prepared weights of one physical transformer block (shared blocks are one value used by several layers).
struct BlockWeights: @unchecked Sendable {
    let attnNorm: UnsafePointer<Float>
    let q: PreparedMatrix
    let k: PreparedMatrix
    let v: PreparedMatrix
    let o: PreparedMatrix
    let ffnNorm: UnsafePointer<Float>
    let gate: PreparedMatrix
    let up: PreparedMatrix
    let down: PreparedMatrix
}
