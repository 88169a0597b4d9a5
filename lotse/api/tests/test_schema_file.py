import json

from lotse.api.management.commands.api_schema import PATH, schema_text


def test_the_committed_openapi_description_is_current():
    """``docs/api/openapi.json`` is the API's description; regenerate it with
    ``manage.py api_schema`` after changing an endpoint or schema."""
    assert json.loads(PATH.read_text(encoding="utf-8")) == json.loads(schema_text())


def test_every_refusal_is_documented_as_problem_json():
    schema = json.loads(schema_text())
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, method)
            if method == "patch":
                assert any(p["name"] == "If-Match" for p in operation["parameters"])
