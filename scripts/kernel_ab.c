/* Two builds of one instruction set's kernels in one process, alternating per pass over a weight stack larger than
 * the LLC: A = ek_a_kernels (#defined to ek_avx512_kernels or ek_avx2_kernels of the whole EdgeKernels of one
 * revision), B = ek_b_kernels (that set's two files of another revision, entry points renamed;
 * scripts/kernel_ab.sh). Per shape, the median GB/s of weights (one token: decode) or GFLOP/s (T tokens: prefill)
 * of each and the median of the per-pair ratios B/A with their range: each pair sees the same machine load, so the
 * ratio means something on a noisy shared host where rates do not. Also times a plain read of the same bytes
 * (`ek_read_sum`, the host sweep's read kernel) in every pair: kernel ÷ read = the kernel's fraction of the read
 * roofline.
 * Usage: kernel_ab KIND(f32|f16|q8|q4|w8) COLS ROWS TOKENS MIB PAIRS   (1 thread) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "edgekernels.h"
#include "readsweep.h"

extern const ek_kernels ek_a_kernels, ek_b_kernels;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Huge-page backed, touched (as the runtime's weight arena). */
static void *buffer(size_t n) {
    n = (n + (2u << 20) - 1) & ~(size_t)((2u << 20) - 1);
    void *p = aligned_alloc(2u << 20, n);
    if (!p) { perror("aligned_alloc"); exit(3); }
    madvise(p, n, MADV_HUGEPAGE);
    memset(p, 1, n);
    return p;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static volatile float sink;

/* The read roofline of `n` bytes at `p`: the bandwidth sweep's read kernel (`ek_read_sum`), over whole read blocks
 * (the buffers are padded to 2 MiB). */
static void read_all(const char *p, size_t n) {
    sink = ek_read_sum()(p, (long)((n + EK_READ_BLOCK - 1) / EK_READ_BLOCK * EK_READ_BLOCK), 1);
}

typedef struct {
    char kind;
    long cols, rows, tokens, mats;
    size_t perMatrix, scalesPerMatrix;
    char *W;
    uint16_t *scales;
    float *X, *Y, *xlanes, *rowScale, *lo, *tokenScale;
    int8_t *xq;
    uint8_t *u;
    int32_t *rowSum;
} stack;

static void run(const ek_kernels *k, const stack *s) {
    for (long m = 0; m < s->mats; m++) {
        char *w = s->W + s->perMatrix * m;
        const uint16_t *sc = s->scales + s->scalesPerMatrix / 2 * m;
        long c = s->cols, r = s->rows, T = s->tokens;
        switch (s->kind) {
        case '3': k->gemm_f32((const float *)w, s->X, s->Y, c, c, r, 0, r, T, 0); break;
        case '1': k->gemm_f16((const uint16_t *)w, s->X, s->Y, c, c, r, 0, r, T, 0); break;
        case '8': k->gemm_q8((const int8_t *)w, sc, s->xq, s->xlanes, s->Y, c, r, 0, r, T, 0); break;
        case '4': k->gemm_q4((const uint8_t *)w, sc, s->xq, s->xlanes, s->Y, c, r, 0, r, T, 0); break;
        default:
            k->gemm_w8a8((const int8_t *)w, s->rowScale, s->rowSum, s->u, s->lo, s->tokenScale, s->Y, c, r, 0, r, T,
                         0);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: kernel_ab KIND COLS ROWS TOKENS MIB PAIRS\n");
        return 2;
    }
    const char *kind = argv[1];
    stack s = {.kind = !strcmp(kind, "f32") ? '3' : !strcmp(kind, "f16") ? '1' : !strcmp(kind, "q8") ? '8'
                       : !strcmp(kind, "q4") ? '4' : 'w',
               .cols = atol(argv[2]), .rows = atol(argv[3]), .tokens = atol(argv[4])};
    size_t bytes = (size_t)atol(argv[5]) << 20;
    int pairs = atoi(argv[6]);
    if (s.cols <= 0 || s.cols % 64 || s.rows <= 0 || s.tokens <= 0 || pairs <= 0 || pairs > 1000 || !bytes) {
        fprintf(stderr, "kernel_ab: COLS a positive multiple of 64, ROWS, TOKENS, MIB > 0, PAIRS 1…1000\n");
        return 2;
    }
    long c = s.cols, r = s.rows, T = s.tokens;
    int blockScaled = s.kind == '8' || s.kind == '4';
    s.perMatrix = s.kind == '3' ? r * c * 4 : s.kind == '1' ? r * c * 2 : s.kind == '4' ? r * c / 2 : r * c;
    s.scalesPerMatrix = blockScaled ? r * (c / 32) * 2 : 0;
    s.mats = bytes / (s.perMatrix + s.scalesPerMatrix);
    if (s.mats < 1) s.mats = 1;
    s.X = buffer(T * c * 4);
    for (long i = 0; i < T * c; i++) s.X[i] = (float)((i * 7) % 13 - 6) / 7.0f;
    s.xq = buffer(T * c);
    s.xlanes = buffer(T * ek_q8_lanes(c) * 4);
    ek_quantize_q8(s.X, c, T, c, s.xq, buffer(T * c * 4), s.xlanes);
    s.u = buffer(T * c);
    s.rowScale = buffer(r * 4);
    s.rowSum = buffer(r * 4);
    s.lo = buffer(T * 4);
    s.tokenScale = buffer(T * 4);
    s.Y = buffer(T * r * 4);
    s.W = buffer(s.perMatrix * s.mats);
    s.scales = buffer(s.scalesPerMatrix * s.mats + 64);
    unsigned seed = 1;
    /* f16 bytes with the high byte masked to 0x3b: finite values of magnitude < 1; f32 the same per byte. */
    unsigned char mask = s.kind == '3' || s.kind == '1' ? 0x3b : 0x7f;
    for (size_t i = 0; i < s.perMatrix * s.mats; i++) {
        seed = seed * 1103515245u + 12345u;
        s.W[i] = (char)((seed >> 16) & mask);
    }
    for (size_t i = 0; i < s.scalesPerMatrix / 2 * s.mats; i++) s.scales[i] = 0x2000;
    size_t total = (s.perMatrix + s.scalesPerMatrix) * s.mats;
    double *ta = malloc(pairs * sizeof(double)), *tb = malloc(pairs * sizeof(double));
    double *tr = malloc(pairs * sizeof(double)), *ratio = malloc(pairs * sizeof(double));
    double *roofA = malloc(pairs * sizeof(double)), *roofB = malloc(pairs * sizeof(double));
    for (int i = -1; i < pairs; i++) {  /* pass −1 warms both */
        double t0 = now();
        read_all(s.W, s.perMatrix * s.mats);
        if (blockScaled) read_all((const char *)s.scales, s.scalesPerMatrix * s.mats);
        double t1 = now(), a, b;
        if (i & 1) {
            run(&ek_b_kernels, &s);
            double t2 = now();
            run(&ek_a_kernels, &s);
            b = t2 - t1, a = now() - t2;
        } else {
            run(&ek_a_kernels, &s);
            double t2 = now();
            run(&ek_b_kernels, &s);
            a = t2 - t1, b = now() - t2;
        }
        if (i < 0) continue;
        ta[i] = a, tb[i] = b, tr[i] = t1 - t0, ratio[i] = a / b, roofA[i] = tr[i] / a, roofB[i] = tr[i] / b;
    }
    qsort(ta, pairs, sizeof(double), ascending);
    qsort(tb, pairs, sizeof(double), ascending);
    qsort(tr, pairs, sizeof(double), ascending);
    qsort(ratio, pairs, sizeof(double), ascending);
    qsort(roofA, pairs, sizeof(double), ascending);
    qsort(roofB, pairs, sizeof(double), ascending);
    int mid = pairs / 2;
    if (T == 1) {
        printf("%s %ld x %ld decode, %.0f MB: A %.1f GB/s, B %.1f, read %.1f; ÷ read A %.2f B %.2f; B/A %.3f (%.3f…%.3f)\n",
               kind, c, r, total / 1e6, total / ta[mid] / 1e9, total / tb[mid] / 1e9, total / tr[mid] / 1e9,
               roofA[mid], roofB[mid], ratio[mid], ratio[0], ratio[pairs - 1]);
    } else {
        double flop = 2.0 * c * r * T * s.mats / 1e9;
        printf("%s %ld x %ld, %ld tokens, %.0f MB: A %.1f GFLOP/s, B %.1f; B/A %.3f (%.3f…%.3f)\n", kind, c, r, T,
               total / 1e6, flop / ta[mid], flop / tb[mid], ratio[mid], ratio[0], ratio[pairs - 1]);
    }
    return 0;
}
