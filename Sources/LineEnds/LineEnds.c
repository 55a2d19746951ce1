#include "LineEnds.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

// AVX2 is chosen at run time: the package builds for plain x86-64, where only SSE2 is certain.
__attribute__((target("avx2")))
static size_t find_avx2(const uint8_t *bytes, size_t count, size_t from, int64_t *ends, size_t capacity) {
    const __m256i newline = _mm256_set1_epi8('\n');
    size_t found = 0;
    size_t i = from;
    for (; i + 64 <= count; i += 64) {
        __m256i low = _mm256_loadu_si256((const __m256i *)(bytes + i));
        __m256i high = _mm256_loadu_si256((const __m256i *)(bytes + i + 32));
        uint64_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, newline))
            | ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, newline)) << 32);
        while (mask != 0) {
            if (found == capacity) return found;
            ends[found++] = (int64_t)(i + (size_t)__builtin_ctzll(mask));
            mask &= mask - 1;
        }
    }
    for (; i < count; i++) {
        if (bytes[i] != '\n') continue;
        if (found == capacity) return found;
        ends[found++] = (int64_t)i;
    }
    return found;
}

// 1: AVX2 usable (the CPU has it and the OS saves YMM registers), 2: not, 0: not asked yet.
static int avx2_state = 0;

static int has_avx2(void) {
    int state = __atomic_load_n(&avx2_state, __ATOMIC_RELAXED);
    if (state != 0) return state == 1;
    unsigned a, b, c, d;
    int usable = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
        unsigned xcr0_low, xcr0_high;
        __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
        if ((xcr0_low & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2)) usable = 1;
    }
    __atomic_store_n(&avx2_state, usable ? 1 : 2, __ATOMIC_RELAXED);
    return usable;
}
#else
static int has_avx2(void) { return 0; }
#endif

static size_t find_memchr(const uint8_t *bytes, size_t count, size_t from, int64_t *ends, size_t capacity) {
    size_t found = 0;
    const uint8_t *p = bytes + from;
    const uint8_t *end = bytes + count;
    while (found < capacity && p < end) {
        const uint8_t *hit = memchr(p, '\n', (size_t)(end - p));
        if (hit == NULL) break;
        ends[found++] = (int64_t)(hit - bytes);
        p = hit + 1;
    }
    return found;
}

size_t line_ends_find(const uint8_t *bytes, size_t count, size_t from, int64_t *ends, size_t capacity) {
    if (from >= count || capacity == 0) return 0;
#if defined(__x86_64__)
    if (has_avx2()) return find_avx2(bytes, count, from, ends, capacity);
#endif
    return find_memchr(bytes, count, from, ends, capacity);
}
