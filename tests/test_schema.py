"""The JSON Schemas: current with the standard, and agreeing with the validator on the demo."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from gongshi import schema
from gongshi.build import PROJECT

DEMO = PROJECT / "datasets"


def test_committed_schemas_are_current():
    committed = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT / "schemas").glob("*.json")}
    assert committed == {name: schema.render(doc) for name, doc in schema.schemas().items()}


def _documents():
    yield "region.json", DEMO / "region.yaml"
    for folder in sorted(p for p in DEMO.iterdir() if p.is_dir()):
        yield "departments.json", folder / "department.yaml"
        for name in ("powers", "inspection_items", "personnel", "service_guides", "flowcharts", "discretion_standards"):
            yield f"{name}.json", folder / f"{name}.yaml"
        for path in sorted((folder / "decisions").glob("*.yaml")):
            yield "decisions.json", path
        for path in sorted((folder / "annual").glob("*.yaml")):
            yield "annual.json", path


def _load(path: Path) -> object:
    # JSON Schema sees JSON types: dates as text, as an editor's YAML language server does
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str, ensure_ascii=False))


@pytest.mark.parametrize(("name", "path"), list(_documents()), ids=lambda v: getattr(v, "name", v))
def test_demo_files_satisfy_their_schema(name, path):
    validator = jsonschema.Draft202012Validator(json.loads((PROJECT / "schemas" / name).read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_load(path))]
    assert errors == []


def test_schema_refuses_what_the_validator_refuses():
    validator = jsonschema.Draft202012Validator(schema.schemas()["decisions.json"])
    data = _load(DEMO / "shijianju" / "decisions" / "2024.yaml")
    data["items"][0]["fine"] = "一万元"
    data["items"][0]["id_card"] = "x"
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert any("'一万元' is not of type 'number'" in m for m in messages)
    assert any("'id_card' was unexpected" in m for m in messages)
