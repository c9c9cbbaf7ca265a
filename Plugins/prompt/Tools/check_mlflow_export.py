"""Checks an MLflow-shaped prompt export against MLflow's own entity classes.

Every version is rebuilt as mlflow.entities.model_registry.PromptVersion from the exported fields,
and what MLflow derives from them (variables, uri, template, model_config, response_format, tags,
aliases) must equal what the export says. Exits non-zero, naming the prompt, version and field, on
the first disagreement.
"""
import json
import sys

from mlflow.entities.model_registry import PromptVersion
from mlflow.entities.model_registry.prompt_version import PromptModelConfig


def fail(where, message):
    print(f"mlflow export check: {where}: {message}", file=sys.stderr)
    sys.exit(1)


def main(path):
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    checked = 0
    for prompt in document["prompts"]:
        for field in ("name", "description", "creation_timestamp", "last_updated_timestamp", "tags", "aliases", "versions"):
            if field not in prompt:
                fail(prompt.get("name", "?"), f"prompt lacks '{field}'")
        alias_versions = {alias["alias"]: int(alias["version"]) for alias in prompt["aliases"]}
        for exported in prompt["versions"]:
            where = f"{prompt['name']} version {exported.get('version')}"
            entity = PromptVersion(
                name=exported["name"],
                version=exported["version"],
                template=exported["template"],
                commit_message=exported["commit_message"],
                creation_timestamp=exported["creation_timestamp"],
                last_updated_timestamp=exported["last_updated_timestamp"],
                tags=exported["tags"],
                aliases=exported["aliases"],
                user_id=exported.get("user_id"),
                response_format=exported.get("response_format"),
                model_config=exported.get("model_config"),
            )
            expectations = {
                "name": (entity.name, exported["name"]),
                "version": (entity.version, exported["version"]),
                "uri": (entity.uri, exported["uri"]),
                "template": (entity.template, exported["template"]),
                "variables": (sorted(entity.variables), sorted(exported["variables"])),
                "commit_message": (entity.commit_message, exported["commit_message"]),
                "creation_timestamp": (entity.creation_timestamp, exported["creation_timestamp"]),
                "tags": (entity.tags, exported["tags"]),
                "aliases": (sorted(entity.aliases), sorted(a for a, v in alias_versions.items() if v == exported["version"])),
                "response_format": (entity.response_format, exported.get("response_format")),
                "model_config": (entity.model_config, exported.get("model_config")),
            }
            for field, (derived, given) in expectations.items():
                if derived != given:
                    fail(where, f"{field}: MLflow derives {derived!r}, the export says {given!r}")
            if exported.get("model_config") is not None:
                config = PromptModelConfig.from_dict(exported["model_config"])
                if config.to_dict() != exported["model_config"]:
                    fail(where, f"model_config does not survive PromptModelConfig: {config.to_dict()!r}")
                if config.extra_params and set(config.extra_params) & {"model", "stop"}:
                    fail(where, f"model_config keeps our own names {sorted(config.extra_params)}")
            checked += 1
    if checked == 0:
        fail(path, "no prompt versions to check")
    print(f"mlflow export check: {checked} prompt versions agree with mlflow {__import__('mlflow').__version__}")


if __name__ == "__main__":
    main(sys.argv[1])
