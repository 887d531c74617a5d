#ifndef CFUZZSHIM_H
#define CFUZZSHIM_H
#include <stddef.h>
#include <stdint.h>

/// One fuzz input: returns 0 (libFuzzer's convention).
typedef int (*cfuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver with `argc`/`argv` (libFuzzer flags and corpus directories) on `callback`.
/// Returns -1 when the binary was not built with `-sanitize=fuzzer` (libFuzzer absent), else the driver's status.
int cfuzz_run_driver(int *argc, char ***argv, cfuzz_callback callback);

#endif
