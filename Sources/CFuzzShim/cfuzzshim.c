#include "cfuzzshim.h"

// Weak, so a plain `swift build` (no libFuzzer) still links; the fuzzer build provides the definition.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) __attribute__((weak));

int cfuzz_run_driver(int *argc, char ***argv, cfuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
