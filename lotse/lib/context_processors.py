from django.http import HttpRequest

from lotse.accounts.selectors import (
    is_administrator,
    is_coordinator,
    is_data_protection_officer,
    lead_project_ids_for,
    sees_personal_data,
)


def navigation(request: HttpRequest) -> dict:
    """Which parts of the main navigation the current user may use."""
    from lotse.privacy.selectors import may_use_desk

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "cases": sees_personal_data(user),
            "desk": bool(lead_project_ids_for(user)),
            "reporting": sees_personal_data(user) or is_coordinator(user),
            "audit": is_data_protection_officer(user),
            "admin": is_administrator(user),
            "security": is_administrator(user) or is_data_protection_officer(user),
            "privacy": may_use_desk(user),
            "erasure": is_data_protection_officer(user) or bool(lead_project_ids_for(user)),
        }
    }
