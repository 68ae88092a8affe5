"""``/api/docs``: the OpenAPI description as a plain page (no third-party scripts)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from redline.web.views.request import html

__all__ = ["router"]

router = APIRouter()


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "schema": _schema_text(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": params,
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return html(request, "api_docs.html", spec=spec, endpoints=endpoints)


def _schema_text(schema: dict[str, object]) -> str:
    any_of, enum = schema.get("anyOf"), schema.get("enum")
    if isinstance(any_of, list):
        return " or ".join(_schema_text(s) for s in any_of)
    if isinstance(enum, list):
        return "one of " + ", ".join(str(x) for x in enum)
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    bits = [str(schema.get("type", "value"))]
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤")):
        if key in schema:
            bits.append(f"{word} {schema[key]}")
    if "default" in schema:
        bits.append(f"default {schema['default']}")
    return ", ".join(bits)
