"""Scans the corpus exported by guardrails-bench with pyahocorasick and hyperscan and prints a
table next to the Swift figure. Usage: compare.py DATA_DIR SWIFT_MB_PER_S SWIFT_MATCHES"""
import re
import sys
import time

import ahocorasick
import hyperscan

data, swift_rate, swift_matches = sys.argv[1], float(sys.argv[2]), sys.argv[3]
terms = [line for line in open(f"{data}/terms.txt", encoding="utf-8").read().split("\n") if line]
corpus_bytes = open(f"{data}/corpus.txt", "rb").read()
corpus_text = corpus_bytes.decode("utf-8", errors="ignore")
megabytes = len(corpus_bytes) / 1e6


def best_of(runs, scan):
    best, found = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        found = scan()
        best = min(best, time.perf_counter() - start)
    return megabytes / best, found


automaton = ahocorasick.Automaton()
for index, term in enumerate(terms):
    automaton.add_word(term, index)
automaton.make_automaton()
aho_rate, aho_matches = best_of(3, lambda: sum(1 for _ in automaton.iter(corpus_text)))

database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
database.compile(expressions=[re.escape(term).encode("utf-8") for term in terms], ids=list(range(len(terms))),
                 elements=len(terms), flags=[hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8] * len(terms))


def scan_hyperscan():
    count = [0]

    def on_match(_id, _start, _end, _flags, _context):
        count[0] += 1

    database.scan(corpus_bytes, match_event_handler=on_match)
    return count[0]


hs_rate, hs_matches = best_of(3, scan_hyperscan)

rows = [
    ("guardrails (Swift, folding + word boundaries)", swift_rate, swift_matches, 1.0),
    ("pyahocorasick (exact, str)", aho_rate, aho_matches, swift_rate / aho_rate),
    ("hyperscan (caseless literals, bytes)", hs_rate, hs_matches, swift_rate / hs_rate),
]
print()
print(f"{len(terms)} terms, {megabytes:.1f} MB corpus")
print("| engine | MB/s | matches | guardrails / engine |")
print("|---|---|---|---|")
for name, rate, matches, ratio in rows:
    print(f"| {name} | {rate:.0f} | {matches} | {ratio:.2f}x |")
print()
print("guardrails folds case, full-width forms and homoglyphs, skips inserted separators and checks word")
print("boundaries; pyahocorasick and hyperscan match the literal terms only, so their match counts differ.")
