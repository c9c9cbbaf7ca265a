#ifndef GUARDRAILS_BYTE_CLASSES_H
#define GUARDRAILS_BYTE_CLASSES_H

#include <stdint.h>

/// Which of sixteen text bytes are what, one bit per byte (bit i for byte i): the lexicon
/// prefilter's view of ASCII text, where a Latin pattern can only start at a word start.
typedef struct {
    /// Bytes with the high bit set (parts of non-ASCII characters).
    uint32_t non_ascii;
    /// ASCII letters and digits.
    uint32_t alphanumeric;
    /// `_`, which continues a word without being a letter.
    uint32_t underscore;
    /// White space and control bytes (up to 0x20, and 0x7F), which code patterns skip.
    uint32_t blank;
    /// Bytes from 0xC0 up: the first bytes of non-ASCII characters.
    uint32_t lead;
} guardrails_byte_classes;

#if defined(__SSE2__)
#include <emmintrin.h>

/// Classifies the sixteen bytes at `bytes` (all readable) with a few SSE2 instructions and three
/// `pmovmskb`: the portable SWAR version costs about four times as many instructions.
static inline guardrails_byte_classes guardrails_classify16(const uint8_t *bytes) {
    __m128i value = _mm_loadu_si128((const __m128i *)bytes);
    // Signed comparisons: bytes of non-ASCII characters are negative and fall outside every range.
    __m128i folded = _mm_or_si128(value, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(value, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(value, _mm_set1_epi8('9' + 1)));
    guardrails_byte_classes classes;
    classes.non_ascii = (uint32_t)_mm_movemask_epi8(value);
    classes.alphanumeric = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
    classes.underscore = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(value, _mm_set1_epi8('_')));
    // Non-ASCII bytes are below 0x21 too as signed bytes: masked out. Masks a caller does not
    // use cost nothing once the function is inlined.
    __m128i blank = _mm_or_si128(_mm_cmplt_epi8(value, _mm_set1_epi8(0x21)), _mm_cmpeq_epi8(value, _mm_set1_epi8(0x7F)));
    classes.blank = (uint32_t)_mm_movemask_epi8(blank) & ~classes.non_ascii;
    // As signed bytes, 0xC0 and up are -64 to -1: above 0xBF, and so is all ASCII, masked out.
    classes.lead = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(value, _mm_set1_epi8((char)0xBF))) & classes.non_ascii;
    return classes;
}
#else
/// The same, a byte at a time, where SSE2 is not available.
static inline guardrails_byte_classes guardrails_classify16(const uint8_t *bytes) {
    guardrails_byte_classes classes = {0, 0, 0, 0, 0};
    for (int index = 0; index < 16; index++) {
        uint8_t byte = bytes[index];
        uint8_t folded = byte | 0x20;
        if (byte & 0x80) classes.non_ascii |= 1u << index;
        if ((folded >= 'a' && folded <= 'z') || (byte >= '0' && byte <= '9')) classes.alphanumeric |= 1u << index;
        if (byte == '_') classes.underscore |= 1u << index;
        if (byte <= 0x20 || byte == 0x7F) classes.blank |= 1u << index;
        if (byte >= 0xC0) classes.lead |= 1u << index;
    }
    return classes;
}
#endif

/// Which of sixteen text bytes (all readable) may start a finding of the PII scanner: letters,
/// digits, `@`, `-`, `+`, `(`; bit i for byte i.
static inline uint32_t guardrails_pii_starts16(const uint8_t *bytes) {
    uint32_t starts = guardrails_classify16(bytes).alphanumeric;
#if defined(__SSE2__)
    __m128i value = _mm_loadu_si128((const __m128i *)bytes);
    __m128i marks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(value, _mm_set1_epi8('@')), _mm_cmpeq_epi8(value, _mm_set1_epi8('-'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(value, _mm_set1_epi8('+')), _mm_cmpeq_epi8(value, _mm_set1_epi8('('))));
    starts |= (uint32_t)_mm_movemask_epi8(marks);
#else
    for (int index = 0; index < 16; index++) {
        uint8_t byte = bytes[index];
        if (byte == '@' || byte == '-' || byte == '+' || byte == '(') starts |= 1u << index;
    }
#endif
    return starts;
}

#endif
