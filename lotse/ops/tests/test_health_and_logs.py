import io
import json
import logging

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from lotse.ops.logs import JsonFormatter, RequestContextFilter, RequestIdMiddleware


def test_health_answers_200_without_login_when_the_database_answers(client, db):
    response = client.get(reverse("ops:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = client.get(reverse("ops:health"), headers={"X-Request-ID": "lb-7"})
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_health_refuses_post(client, db):
    assert client.post(reverse("ops:health")).status_code == 405


def test_health_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("ops:health")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301


def test_the_request_id_is_taken_from_the_header_or_made_and_echoed(client, db):
    given = client.get(reverse("ops:health"), headers={"X-Request-ID": "abc-123"})
    assert given["X-Request-ID"] == "abc-123"
    made = client.get(reverse("ops:health"))
    assert len(made["X-Request-ID"]) == 32
    forged = client.get(reverse("ops:health"), headers={"X-Request-ID": "x\ny" + "z" * 80})
    assert forged["X-Request-ID"] != "x\ny" + "z" * 80


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("lotse.test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_log_lines_are_json_with_the_request_id_and_the_user_id_but_no_personal_data(
    log_lines, alice
):
    def view(request):
        assert request.user.is_authenticated  # the view reads the user, like login_required
        logging.getLogger("lotse.test").info(
            "searched", extra={"request": request, "hits": 3, "path": request.path}
        )
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/mentees/?q=Nguyen", headers={"X-Request-ID": "rid-1"})
    request.user = alice
    RequestIdMiddleware(view)(request)
    (line,) = log_lines()
    assert line["message"] == "searched"
    assert line["request_id"] == "rid-1"
    assert line["user_id"] == alice.pk
    assert line["hits"] == 3 and line["path"] == "/mentees/"
    assert line["level"] == "INFO" and line["logger"] == "lotse.test"
    text = json.dumps(line)
    assert "Nguyen" not in text and alice.username not in text and "request" not in line


def test_a_log_line_outside_a_request_has_no_request_id(log_lines):
    logging.getLogger("lotse.test").info("job started", extra={"job": "refresh_matches"})
    (line,) = log_lines()
    assert line["job"] == "refresh_matches" and "request_id" not in line


def test_a_user_not_loaded_by_the_view_is_not_loaded_by_the_log(log_lines, alice, monkeypatch):
    from django.contrib.auth import middleware
    from django.utils.functional import SimpleLazyObject

    loaded = []

    def load():
        loaded.append(True)
        return alice

    def view(request):
        logging.getLogger("lotse.test").warning("early")
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(load)
    RequestIdMiddleware(view)(request)
    (line,) = log_lines()
    assert line["user_id"] is None and loaded == []
    assert middleware  # imported to show where the lazy user comes from


def test_django_request_log_lines_after_the_middleware_still_carry_the_request_id(log_lines):
    request = RequestFactory().get("/health/")
    request.request_id = "lb-7"
    logging.getLogger("lotse.test").error(
        "Service Unavailable: %s", request.path, extra={"request": request, "status_code": 503}
    )
    (line,) = log_lines()
    assert line["request_id"] == "lb-7" and line["status_code"] == 503


def test_a_failed_login_leaves_no_username_in_the_logs(client, alice, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(reverse("accounts:login"), {"username": alice.username, "password": "wrong"})
    assert alice.username not in caplog.text
