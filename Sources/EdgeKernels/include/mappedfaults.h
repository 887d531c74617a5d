#ifndef MAPPEDFAULTS_H
#define MAPPEDFAULTS_H

#include <stddef.h>

/// Memory-mapped input files that shrink while mapped: a read of a page past the new end of the file raises
/// SIGBUS. Registered mappings turn that signal into a one-line error naming the file and exit code 3
/// (the environment changed the file under the process), instead of a crash dump. A SIGBUS at any other address
/// goes to the handler that was installed before (the Swift runtime's backtracer, a sanitizer, or the default).

/// Registers [start, start + length) as a mapping of `path`; returns a slot id for ek_mapping_unregister, or -1
/// when every slot is taken (the mapping then faults as before).
int ek_mapping_register(const void *start, size_t length, const char *path);

/// Forgets a registered mapping (before it is unmapped).
void ek_mapping_unregister(int slot);

#endif
