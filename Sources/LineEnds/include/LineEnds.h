#ifndef LINE_ENDS_H
#define LINE_ENDS_H

#include <stddef.h>
#include <stdint.h>

/// Writes the offsets of the first newlines of `bytes[from..<count]`, at most `capacity` of
/// them, into `ends` and returns how many it wrote. Fewer than `capacity` means there are no
/// more. One vector pass over the bytes: much cheaper than one `memchr` a line when lines are
/// short.
size_t line_ends_find(const uint8_t *bytes, size_t count, size_t from, int64_t *ends, size_t capacity);

#endif
