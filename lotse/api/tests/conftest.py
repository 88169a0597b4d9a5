import pytest
from django.test import Client

from lotse.api.tokens import token_create
from lotse.lib.testing.otp import ensure_device


class ApiClient:
    """The test client with a user's bearer token on every request."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.client = Client()

    def _headers(self, headers: dict | None) -> dict:
        return {"Authorization": f"Bearer {self.secret}", **(headers or {})}

    def get(self, url: str, params: dict | None = None, headers: dict | None = None):
        return self.client.get(url, params or {}, headers=self._headers(headers))

    def post(self, url: str, body: dict, headers: dict | None = None):
        return self.client.post(
            url, body, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, url: str, body: dict, headers: dict | None = None):
        return self.client.patch(
            url, body, content_type="application/json", headers=self._headers(headers)
        )


def make_token(user) -> str:
    ensure_device(user)
    return token_create(actor=user, name="test", days=30).secret


@pytest.fixture
def api_as():
    return lambda user: ApiClient(make_token(user))
