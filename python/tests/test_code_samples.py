"""The Python code samples of the contract (x-codeSamples, shown in the docs) use the client and
run as written against the reference server, the production host routed to it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _support import REPO

SPEC = json.loads((REPO / "generated" / "openapi.json").read_text())
SAMPLES = {
    op["operationId"]: sample["source"]
    for item in SPEC["paths"].values()
    for op in item.values()
    if isinstance(op, dict) and "operationId" in op
    for sample in op["x-codeSamples"]
    if sample["lang"] == "Python"
}


@pytest.mark.parametrize("operation_id", sorted(SAMPLES))
def test_the_python_sample_uses_the_client_and_runs(operation_id: str, production_routed: list[str]) -> None:
    source = SAMPLES[operation_id]
    assert "from novavms import Client" in source
    if operation_id != "loginWithPassword":
        # Only the login keeps the page's own httpx request, before the client's version of it.
        assert "httpx" not in source
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<x-codeSamples {operation_id}>", "exec"), namespace)
    assert production_routed, "the sample called the API"
