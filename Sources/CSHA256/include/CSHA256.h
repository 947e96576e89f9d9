#ifndef CHANJIAO_CSHA256_H
#define CHANJIAO_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (and SSSE3/SSE4.1) that
/// `chanjiao_sha256_ni_blocks` needs; 0 on other architectures.
int chanjiao_sha256_ni_available(void);

/// Runs SHA-256's compression function over `blocks` whole 64-byte blocks at
/// `data`, updating `state` (the eight working words a…h). Call only when
/// `chanjiao_sha256_ni_available()` is non-zero.
void chanjiao_sha256_ni_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// SHA-256's 64 round constants K.
const uint32_t *chanjiao_sha256_round_constants(void);

#endif
