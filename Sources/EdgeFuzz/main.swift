import CFuzzShim
import EdgeFuzzTargets
import Foundation

// `EdgeFuzz TARGET [libFuzzer flags] [corpus dirs]`: runs libFuzzer on one parser. Build with
// `swift build -Xswiftc -sanitize=fuzzer,address --product EdgeFuzz --scratch-path .build-fuzz` (see `make fuzz`).
/// libFuzzer's own `main` (linked but unused: SwiftPM's entry point runs instead) references this symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try selected.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        // libFuzzer saves the input that aborts.
        FileHandle.standardError.write(Data("contract violation: \(error)\n".utf8))
        abort()
    }
    return 0
}

/// The target this process runs (set once before libFuzzer starts; libFuzzer runs inputs on one thread).
nonisolated(unsafe) var selected = FuzzTarget.gguf

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: EdgeFuzz \(names) [libFuzzer flags] [corpus dirs]\n".utf8))
    exit(2)
}
selected = target

// libFuzzer sees argv without the target name.
var argc = CommandLine.argc - 1
let shifted = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: Int(argc) + 1)
shifted[0] = CommandLine.unsafeArgv[0]
for i in 1..<Int(argc) { shifted[i] = CommandLine.unsafeArgv[i + 1] }
shifted[Int(argc)] = nil
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = shifted

let status = cfuzz_run_driver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
if status == -1 {
    FileHandle.standardError.write(Data("EdgeFuzz was built without libFuzzer; use `make fuzz`\n".utf8))
    exit(3)
}
exit(status)
