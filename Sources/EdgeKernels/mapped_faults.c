#define _GNU_SOURCE
#include "mappedfaults.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 64, PATH_BYTES = 1024 };

/// One mapping; `state` is 0 free, 1 being written, 2 live (read by the handler only when 2).
struct mapping {
    _Atomic int state;
    uintptr_t start, end;
    char path[PATH_BYTES];
};

static struct mapping mappings[SLOTS];
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void write_all(const char *text, size_t length) {
    while (length > 0) {
        ssize_t n = write(STDERR_FILENO, text, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text += n;
        length -= (size_t)n;
    }
}

static const char *program_name(void) {
#ifdef __APPLE__
    return getprogname();
#else
    return program_invocation_short_name;
#endif
}

static void on_sigbus(int signal, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        struct mapping *m = &mappings[i];
        if (atomic_load_explicit(&m->state, memory_order_acquire) != 2) continue;
        if (address < m->start || address >= m->end) continue;
        // Only async-signal-safe calls from here on: write(2) and _exit(2).
        const char *name = program_name();
        write_all(name, strlen(name));
        write_all(": error: ", 9);
        write_all(m->path, strnlen(m->path, PATH_BYTES));
        static const char reason[] = ": file: shrank while memory-mapped (truncated or rewritten by another process?); "
                                     "its bytes can no longer be read\n";
        write_all(reason, sizeof reason - 1);
        _exit(3);
    }
    // Not a registered mapping: give the fault back to whoever handled SIGBUS before; returning re-runs the
    // faulting access, which faults again into that handler.
    (void)signal;
    (void)context;
    sigaction(SIGBUS, &previous, NULL);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous);
}

int ek_mapping_register(const void *start, size_t length, const char *path) {
    pthread_once(&installed, install);
    for (int i = 0; i < SLOTS; i++) {
        int expected = 0;
        if (!atomic_compare_exchange_strong(&mappings[i].state, &expected, 1)) continue;
        mappings[i].start = (uintptr_t)start;
        mappings[i].end = (uintptr_t)start + length;
        strncpy(mappings[i].path, path, PATH_BYTES - 1);
        mappings[i].path[PATH_BYTES - 1] = 0;
        atomic_store_explicit(&mappings[i].state, 2, memory_order_release);
        return i;
    }
    return -1;
}

void ek_mapping_unregister(int slot) {
    if (slot >= 0 && slot < SLOTS) atomic_store_explicit(&mappings[slot].state, 0, memory_order_release);
}
