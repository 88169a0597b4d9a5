"""One ``view`` audit row per page or fragment that showed people.

Views, sections and fragments call ``audit.services.note_shown(request, mentees)`` for the people
they put on the page; after the view has answered, this middleware writes one row listing them
all — only when the page was shown (2xx, or 400 for a form shown again with its errors), not for
a redirect or an error page.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lotse.audit.services import write_noted


class AuditViewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        write_noted(request, response.status_code)
        return response
