/* An independent STREAM-style read-bandwidth check for `edgeprof host` (no EdgeProf code): for each working-set
 * size, every OpenMP thread sums its own slice of a float array over and over (64-byte vectors); the best of 3
 * timings (each the longest thread's CPU time) counts.
 * Build: gcc -O3 -march=native -fopenmp scripts/stream_read.c -o stream_read
 * Usage: OMP_NUM_THREADS=T ./stream_read SIZE_KIB...   prints "size_kib threads GB/s" per size. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef float v16 __attribute__((vector_size(64)));

/* Each thread's own CPU time (CLOCK_THREAD_CPUTIME_ID) for its reads; a timing is the longest thread's. On a shared,
 * oversubscribed host the wall clock also counts the time other processes held the cores, and the process CPU clock
 * adds another thread's time only at its scheduler ticks (most of a few-millisecond timing is missing). */
static double thread_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    long max = 0;
    for (int i = 1; i < argc; i++) if (atol(argv[i]) > max) max = atol(argv[i]);
    long n_max = max * 1024 / sizeof(float);
    float *a = aligned_alloc(2 << 20, (n_max * sizeof(float) + (2 << 20) - 1) / (2 << 20) * (2 << 20));
    if (!a) return 3;
#pragma omp parallel for
    for (long i = 0; i < n_max; i++) a[i] = (float)(i & 1023);
    int threads = omp_get_max_threads();
    double sink = 0;
    for (int s = 1; s < argc; s++) {
        long n = atol(argv[s]) * 1024 / sizeof(float);
        long passes = (256L << 20) / (n * (long)sizeof(float));
        if (passes < 1) passes = 1;
        double best = 1e30;
        for (int r = 0; r < 3; r++) {
            double total = 0, slowest = 0;
#pragma omp parallel reduction(+ : total) reduction(max : slowest)
            {
                int t = omp_get_thread_num();
                long lo = n / threads * t / 128 * 128, hi = n / threads * (t + 1) / 128 * 128;
                /* Eight independent sums: two loads per cycle from L1 need eight adds in flight (latency 4). */
                v16 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0}, s5 = {0}, s6 = {0}, s7 = {0}, s8 = {0};
#pragma omp barrier
                double t0 = thread_now();
                for (long p = 0; p < passes; p++)
                    for (long i = lo; i + 127 < hi; i += 128) {
                        s0 += *(const v16 *)(a + i);
                        s1 += *(const v16 *)(a + i + 16);
                        s2 += *(const v16 *)(a + i + 32);
                        s3 += *(const v16 *)(a + i + 48);
                        s5 += *(const v16 *)(a + i + 64);
                        s6 += *(const v16 *)(a + i + 80);
                        s7 += *(const v16 *)(a + i + 96);
                        s8 += *(const v16 *)(a + i + 112);
                    }
                slowest = thread_now() - t0;
                v16 s4 = (s0 + s1) + (s2 + s3) + (s5 + s6) + (s7 + s8);
                for (int k = 0; k < 16; k++) total += s4[k];
            }
            if (slowest < best) best = slowest;
            sink += total;
        }
        printf("%ld %d %.2f\n", atol(argv[s]), threads, (double)(n / threads / 128 * 128) * threads * sizeof(float) * passes / best / 1e9);
    }
    return sink == 42.0;
}
