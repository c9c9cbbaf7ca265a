"""Compares the cost plugin's prices with LiteLLM's cost_per_token (run by 20-cost-vs-litellm.sh).

stdin: JSON lines from `cost-cli costs FILE IN,OUT,CACHED ...` (our cost of every model we
imported from LiteLLM's own price file, for several token counts). For each line, LiteLLM prices
the same model and tokens with its bundled price map; the two must agree within 1e-9 USD.
argv[1]: the price file, to look up each key's litellm_provider when LiteLLM cannot infer it.
"""
import json
import sys
from decimal import Decimal

import logging

import litellm
from litellm.types.utils import PromptTokensDetailsWrapper, Usage

TOLERANCE = Decimal("1e-9")
logging.getLogger("LiteLLM").setLevel(logging.CRITICAL)
litellm.suppress_debug_info = True

with open(sys.argv[1]) as handle:
    price_file = json.load(handle)


def litellm_cost(key, prompt, completion, cached):
    usage = Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion,
                  prompt_tokens_details=PromptTokensDetailsWrapper(cached_tokens=cached))
    try:
        prompt_cost, completion_cost = litellm.cost_per_token(model=key, usage_object=usage)
    except Exception:
        provider = price_file[key]["litellm_provider"]
        prompt_cost, completion_cost = litellm.cost_per_token(model=key, usage_object=usage,
                                                              custom_llm_provider=provider)
    return Decimal(repr(prompt_cost)) + Decimal(repr(completion_cost))


compared_models = set()
unpriced = {}
zero_on_their_side = set()
mismatches = []
cases = 0
needs_login = set()
for line in sys.stdin:
    row = json.loads(line)
    key = row["model"]
    if price_file.get(key, {}).get("litellm_provider") == "github_copilot":
        # LiteLLM starts a GitHub device login (network) before pricing these.
        needs_login.add(key)
        continue
    try:
        theirs = litellm_cost(key, row["input"], row["output"], row["cached"])
    except Exception as error:  # LiteLLM itself cannot price this key: not present on its side.
        unpriced[key] = f"{type(error).__name__}: {error}"[:160]
        continue
    ours = Decimal(row["cost"])
    if theirs == 0 and ours != 0 and row["input"] > 0:
        # LiteLLM answers 0 although its own file prices the model (its router sends the key to a
        # calculator that does not read that entry): nothing to compare against.
        zero_on_their_side.add(key)
        continue
    cases += 1
    compared_models.add(key)
    if abs(ours - theirs) > TOLERANCE:
        mismatches.append((key, row["input"], row["output"], row["cached"], ours, theirs))

print(f"compared {len(compared_models)} models, {cases} token cases, against litellm {litellm.__version__ if hasattr(litellm, '__version__') else ''}".rstrip())
if needs_login:
    print(f"{len(needs_login)} github_copilot models skipped (LiteLLM needs a GitHub login to price them)")
if unpriced:
    print(f"{len(unpriced)} imported models LiteLLM's cost_per_token itself refuses (not compared), e.g.:")
    for key, reason in list(unpriced.items())[:5]:
        print(f"  {key}: {reason}")
if zero_on_their_side:
    print(f"{len(zero_on_their_side)} models LiteLLM prices at 0 despite its file (not compared): "
          + ", ".join(sorted(zero_on_their_side)[:10]))
    if len(zero_on_their_side) > 10:
        print("too many: the comparison itself is suspect")
        sys.exit(1)
if mismatches:
    models = sorted({m[0] for m in mismatches})
    print(f"MISMATCH: {len(mismatches)} cases in {len(models)} models differ by more than {TOLERANCE} USD:")
    for key, prompt, completion, cached, ours, theirs in mismatches[:int(__import__("os").environ.get("SHOW", "40"))]:
        print(f"  {key} in={prompt} out={completion} cached={cached}: ours {ours} litellm {theirs}")
    sys.exit(1)
if len(compared_models) < 100:
    print("too few models compared: the import or the comparison is broken")
    sys.exit(1)
print("all equal within 1e-9 USD")
