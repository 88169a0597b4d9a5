"""The JSON API (django-ninja): one ``NinjaAPI`` with the token authentication, the problem
handlers and the routers of ``lotse.api.endpoints``. The OpenAPI description is served at
``/api/openapi.json`` and committed as ``docs/api/openapi.json`` (``manage.py api_schema``)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from ninja import NinjaAPI

from lotse.api import problems
from lotse.api.base import TokenAuth
from lotse.api.endpoints import events, journal, mentees, placements, reports, vacancies

DESCRIPTION = """Mentees, journal entries, vacancies, applications, placements, group events
with their attendance and report figures of Lotse, with the same scoping, checks and audit
trail as the pages.

Authenticate with a personal access token (made on the page "API tokens" of your account):
`Authorization: Bearer lotse_…`. Errors are `application/problem+json` in the language of
`Accept-Language` (German unless you ask for `en`). Changes need `If-Match` with the `ETag`
of the record you read (412 when someone changed it since, 428 without)."""


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": 'The ETag of the record as you read it, e.g. "3".',
    "schema": {"type": "string"},
}


class LotseAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        module = operation.view_func.__module__.rsplit(".", 1)[-1]
        return f"{module}_{operation.view_func.__name__.rstrip('_')}"

    def _get_urls(self) -> list:
        """As ninja's, with ``/api/`` leading to the OpenAPI description (ninja's own index
        page shows the interactive docs, which are off: they need scripts from a CDN)."""
        urls = super()._get_urls()
        return [*urls[:-1], path("", _index, name="api-root")]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        """As ninja's, with the refusals documented as ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                if method == "patch":
                    operation.setdefault("parameters", []).append(IF_MATCH)
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


def _index(request: HttpRequest) -> HttpResponse:
    return redirect("api:v1:openapi-json")


api = LotseAPI(
    title="Lotse API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("", mentees.router)
api.add_router("", journal.router)
api.add_router("", vacancies.router)
api.add_router("", placements.router)
api.add_router("", events.router)
api.add_router("", reports.router)
