// Linux perf_event_open(2) for one counter per file descriptor. syscall(2) and ioctl(2) are variadic, which Swift
// does not import, hence these wrappers. Used when PAPI's perf_event component is disabled (libpfm4 does not know
// the CPU model) but the kernel still counts its software events.
#ifdef __linux__
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Opens a disabled counter of (type, config) for the calling thread on any CPU, user and kernel domains, read as
/// {value, time enabled, time running}; returns the fd or -errno.
static inline int cperf_open(unsigned int type, unsigned long long config) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = type;
    attr.config = config;
    attr.disabled = 1;
    attr.exclude_hv = 1;
    attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    return fd < 0 ? -errno : (int)fd;
}

/// Resets and enables (1) or disables (0) the counter; 0 or -errno.
static inline int cperf_enable(int fd, int on) {
    if (on && ioctl(fd, PERF_EVENT_IOC_RESET, 0) != 0) return -errno;
    return ioctl(fd, on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0) == 0 ? 0 : -errno;
}

/// Reads the count scaled by enabled/running time (multiplexing); 0 or -errno.
static inline int cperf_read(int fd, long long *value) {
    unsigned long long data[3];
    if (read(fd, data, sizeof data) != (long)sizeof data) return -errno;
    *value = data[2] > 0 && data[2] < data[1] ? (long long)((double)data[0] * (double)data[1] / (double)data[2])
                                              : (long long)data[0];
    return 0;
}
#endif
