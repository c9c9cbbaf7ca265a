"""The jailbreak classifier's features, byte for byte as `JailbreakClassifier.swift` computes them.

A text is cut into tokens over its UTF-8 bytes: runs of ASCII letters and digits (lower-cased)
together with any non-ASCII bytes outside CJK, and each CJK character (U+3040-U+9FFF, leads E3-E9)
on its own. CJK punctuation (U+3000-U+303F) and full-width forms (lead EF) separate tokens, as does
every other ASCII byte. A word's hash is built by rotating left 5 bits and xoring each byte (one
short dependency chain per byte; the multiply comes once per token); a CJK character's hash is its
three bytes. Every token and every pair of neighbouring tokens (the first token pairs with the
text's start) picks a bucket of the weight table
by Fibonacci hashing (multiply by 2^32/phi, keep the top bits). The buckets are cut into windows of
WINDOW in order (what is left over joins the last full window); a window's logit is
    bias + scale * (sum of its buckets' weights) / sqrt(number of its buckets)
and a text's logit is the largest of its windows'. Windows keep a long text from diluting an
attack in it, and a repeated word from growing without bound.
"""

WINDOW = 1024

FNV_OFFSET = 0x811C9DC5  # for the weights file's checksum
FNV_PRIME = 0x01000193
MASK32 = 0xFFFFFFFF
GOLDEN = 0x9E3779B1
PAIR = 0x85EBCA6B


def rotl5(x):
    return ((x << 5) | (x >> 27)) & MASK32


def token_hashes(data: bytes):
    tokens = []
    word = None
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c < 0x80:
            if 0x41 <= c <= 0x5A:
                c |= 0x20
            if (0x61 <= c <= 0x7A) or (0x30 <= c <= 0x39):
                word = rotl5(word or 0) ^ c
            elif word is not None:
                tokens.append(word)
                word = None
            i += 1
        elif 0xE3 <= c <= 0xE9 or c == 0xEF:
            if word is not None:
                tokens.append(word)
                word = None
            if c != 0xEF and not (c == 0xE3 and i + 1 < n and data[i + 1] == 0x80) and i + 2 < n:
                tokens.append(0x01000000 | c << 16 | data[i + 1] << 8 | data[i + 2])
            i += 3
        else:
            word = rotl5(word or 0) ^ c
            i += 1
    if word is not None:
        tokens.append(word)
    return tokens


def buckets(text: str, bits: int):
    """Bucket indices of a text's unigrams and bigrams, in order (with repeats)."""
    shift = 32 - bits
    out = []
    previous = 0  # the first token pairs with the start of the text
    for token in token_hashes(text.encode("utf-8")):
        out.append(((token * GOLDEN) & MASK32) >> shift)
        pair = ((previous * PAIR) & MASK32) ^ token ^ 0x5BD1E995
        out.append(((pair * GOLDEN) & MASK32) >> shift)
        previous = token
    return out


def windows(found):
    """The bucket windows of a text, as the Swift side cuts them: WINDOW buckets each, the rest
    joining the last full window (so windows hold WINDOW to 2 * WINDOW - 1 buckets)."""
    if len(found) < 2 * WINDOW:
        return [found]
    out = [found[i:i + WINDOW] for i in range(0, len(found) - WINDOW + 1, WINDOW)]
    out[-1] = found[(len(out) - 1) * WINDOW:]
    return out
