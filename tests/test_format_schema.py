"""`roadmap schema`: the JSON Schema of the format, generated from the models; the bundled
roadmap and the test roadmaps validate against it, and it refuses what the models refuse."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cli_helpers import ok
from roadmap_cli import paths

DATA = Path(__file__).parent / "data"


@pytest.fixture
def validator(run):
    doc = json.loads(ok(run("schema")))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)
    return jsonschema.Draft202012Validator(doc)


@pytest.mark.parametrize(
    "path", [paths.bundled_roadmap_path(), DATA / "small.yaml", DATA / "format.yaml"]
)
def test_roadmaps_validate_against_the_schema(validator, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []


def test_the_schema_refuses_an_unknown_key_and_a_bad_choice(validator) -> None:
    data = yaml.safe_load((DATA / "format.yaml").read_text(encoding="utf-8"))
    data["tracks"][0]["phases"][0]["goal"] = "typo"
    data["tracks"][0]["phases"][1]["skills"][0]["count"] = 0
    data["tracks"][0]["sections"][1]["at"] = "middle"
    found = {(e.validator, str(list(e.absolute_path)[-1])) for e in validator.iter_errors(data)}
    assert ("additionalProperties", "0") in found  # phases[0] has an unknown key
    assert ("enum", "at") in found
    assert any(path in ("0", "count") for kind, path in found if kind in ("oneOf", "minimum"))


def test_the_schema_documents_the_keys(validator) -> None:
    defs = validator.schema["$defs"]
    assert "one_of" in defs["Choice"]["properties"]
    assert defs["Skill"]["properties"]["after"]["description"]
    assert defs["Phase"]["properties"]["tools"]["description"]
    assert defs["Section"]["properties"]["at"]["enum"] == ["start", "end"]
    assert set(defs["Resource"]["properties"]["type"]["anyOf"][0]["enum"]) >= {"docs", "repo"}
