"""The jailbreak classifier's features, byte for byte as `JailbreakClassifier.swift` computes them.

A text is cut into tokens over its UTF-8 bytes: runs of ASCII letters and digits (lower-cased)
together with any non-ASCII bytes outside CJK, and each CJK character (U+3040-U+9FFF, leads E3-E9)
on its own. CJK punctuation (U+3000-U+303F) and full-width forms (lead EF) separate tokens, as does
every other ASCII byte. Each token is hashed (FNV-1a, 32 bits); every token and every pair of
neighbouring tokens picks a bucket of the weight table. The buckets are cut into windows of
WINDOW in order (the last window is the last WINDOW buckets, overlapping the one before it); a
window's logit is
    bias + scale * (sum of its buckets' weights) / sqrt(number of its buckets)
and a text's logit is the largest of its windows'. Windows keep a long text from diluting an
attack in it, and a repeated word from growing without bound.
"""

WINDOW = 1024

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
MASK32 = 0xFFFFFFFF


def mix(x):
    """lowbias32: spreads a 32-bit hash over all bits before the table index is cut from it."""
    x ^= x >> 16
    x = (x * 0x7FEB352D) & MASK32
    x ^= x >> 15
    x = (x * 0x846CA68B) & MASK32
    x ^= x >> 16
    return x


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
                word = (((FNV_OFFSET if word is None else word) ^ c) * FNV_PRIME) & MASK32
            elif word is not None:
                tokens.append(word)
                word = None
            i += 1
        elif 0xE3 <= c <= 0xE9 or c == 0xEF:
            if word is not None:
                tokens.append(word)
                word = None
            if c != 0xEF and not (c == 0xE3 and i + 1 < n and data[i + 1] == 0x80) and i + 2 < n:
                h = FNV_OFFSET
                for b in data[i:i + 3]:
                    h = ((h ^ b) * FNV_PRIME) & MASK32
                tokens.append(h)
            i += 3
        else:
            word = (((FNV_OFFSET if word is None else word) ^ c) * FNV_PRIME) & MASK32
            i += 1
    if word is not None:
        tokens.append(word)
    return tokens


def buckets(text: str, bits: int):
    """Bucket indices of a text's unigrams and bigrams (with repeats)."""
    mask = (1 << bits) - 1
    out = []
    previous = None
    for token in token_hashes(text.encode("utf-8")):
        out.append(mix(token) & mask)
        if previous is not None:
            out.append(mix(((previous * FNV_PRIME) & MASK32) ^ token ^ 0x5BD1E995) & mask)
        previous = token
    return out


def windows(found):
    """The bucket windows of a text, as the Swift side cuts them."""
    if len(found) <= WINDOW:
        return [found]
    out = [found[i:i + WINDOW] for i in range(0, len(found) - WINDOW + 1, WINDOW)]
    if len(found) % WINDOW:
        out.append(found[-WINDOW:])
    return out
