"""Nobody grants themselves access: programme roles hold no project membership, memberships and
roles change only through audited services (in the admin too), and no admin page shows case
content."""

import datetime
import re

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotse.accounts import services
from lotse.accounts.models import Membership, ProgrammeRole, ProjectRole
from lotse.accounts.tests.factories import UserFactory
from lotse.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def adam(adam):
    """The administrator as the demo has one: a superuser (the admin's own permissions)."""
    adam.is_superuser = True
    adam.save()
    return adam


@pytest.mark.parametrize("who", ["cora", "dora", "adam"])
def test_programme_roles_cannot_be_project_members(request, who, project_a):
    user = request.getfixturevalue(who)
    with pytest.raises(ValidationError):
        Membership(user=user, project=project_a, role=ProjectRole.MENTOR).full_clean()


def test_a_project_member_cannot_get_a_programme_role(adam, alice):
    with pytest.raises(ValidationError):
        services.user_set_programme_role(actor=adam, user=alice, role=ProgrammeRole.COORDINATOR)
    alice.refresh_from_db()
    assert alice.programme_role == ""


def test_the_administrator_adds_a_membership_with_an_audit_row(adam, project_a):
    newcomer = UserFactory(username="neu")
    membership = services.membership_save(
        actor=adam, user=newcomer, project=project_a, role=ProjectRole.MENTOR
    )
    event = AuditEvent.objects.get(object_type="accounts.membership")
    assert event.actor == adam and event.action == "create"
    assert event.changes["user"] == [None, str(newcomer.public_id)]
    assert event.changes["project"] == [None, str(project_a.public_id)]
    assert newcomer.first_name not in event.object_label
    services.membership_delete(actor=adam, membership=membership)
    assert AuditEvent.objects.filter(object_type="accounts.membership", action="delete").exists()


def test_nobody_changes_their_own_access(adam, project_a):
    with pytest.raises((PermissionDenied, ValidationError)):
        services.membership_save(actor=adam, user=adam, project=project_a, role="mentor")
    other_admin = UserFactory(username="adam2", programme_role=ProgrammeRole.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.user_set_programme_role(actor=other_admin, user=other_admin, role="")
    assert not Membership.objects.filter(user=adam).exists()


def test_only_an_administrator_grants(lena, project_a):
    newcomer = UserFactory(username="neu")
    with pytest.raises(PermissionDenied):
        services.membership_save(actor=lena, user=newcomer, project=project_a, role="mentor")


def _inline_post(user, **extra):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "programme_role": user.programme_role,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_the_admin_cannot_give_itself_a_membership(client, adam, project_a):
    client.force_login(adam)
    url = reverse("admin:accounts_user_change", args=[adam.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="memberships-0-project"' not in page.content.decode()
    assert 'name="programme_role"' not in page.content.decode()  # read-only for oneself
    client.post(
        url,
        _inline_post(
            adam,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-project": str(project_a.pk),
                "memberships-0-role": "mentor",
                "memberships-0-user": str(adam.pk),
            },
        ),
    )
    assert not Membership.objects.filter(user=adam).exists()
    # Nor through the project's page.
    project_url = reverse("admin:accounts_project_change", args=[project_a.pk])
    page = client.get(project_url)
    (inline,) = page.context["inline_admin_formsets"]
    choices = inline.formset.empty_form.fields["user"].queryset
    assert adam not in choices and not choices.exclude(programme_role="").exists()


def test_admin_grants_go_through_the_audited_services(client, adam, project_a):
    newcomer = UserFactory(username="neu")
    client.force_login(adam)
    url = reverse("admin:accounts_user_change", args=[newcomer.pk])
    response = client.post(
        url,
        _inline_post(
            newcomer,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-project": str(project_a.pk),
                "memberships-0-role": "lead",
                "memberships-0-user": str(newcomer.pk),
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.filter(user=newcomer, role="lead").exists()
    grant = AuditEvent.objects.get(object_type="accounts.membership")
    assert grant.actor == adam and grant.changes["role"] == [None, "lead"]

    # A programme role for a project member is refused with a message at the form.
    response = client.post(url, _inline_post(newcomer, programme_role="dpo"))
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.programme_role == ""

    # The staff flag is a grant too.
    other = UserFactory(username="zweit")
    client.post(
        reverse("admin:accounts_user_change", args=[other.pk]),
        _inline_post(other, programme_role="coordinator", is_staff="on"),
    )
    other.refresh_from_db()
    assert other.is_staff and other.programme_role == "coordinator"
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(other.public_id))
    assert event.changes["is_staff"] == [False, True]
    assert event.changes["programme_role"] == ["", "coordinator"]


def test_the_data_protection_officer_sees_every_grant(client, adam, dora, project_a):
    newcomer = UserFactory(username="neu")
    services.membership_save(actor=adam, user=newcomer, project=project_a, role="mentor")
    client.force_login(dora)
    page = client.get(reverse("audit:list"))
    assert page.status_code == 200
    assert "membership" in page.content.decode().lower() or "mitglied" in page.content.lower()


@pytest.fixture
def case_content(project_a, alice):
    """A mentee and a journal note whose words must never appear on an admin page."""
    from lotse.cases.tests.factories import MenteeFactory
    from lotse.journal.tests.factories import JournalEntryFactory

    mentee = MenteeFactory(
        project=project_a, mentor=alice, first_name="Zenobia", last_name="Quastwerth"
    )
    JournalEntryFactory(
        mentee=mentee,
        notes="Vertraulich: Therapie bei Dr. Kranichfeld",
        occurred_at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC),
    )
    return ["Zenobia", "Quastwerth", "Kranichfeld"]


def _admin_urls() -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for name in ("change", "history", "delete"):
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[first.pk]))
    return sorted(set(urls))


def test_no_admin_page_or_action_shows_case_content(client, adam, case_content, alice):
    client.force_login(adam)
    urls = _admin_urls()
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        body = response.content.decode()
        for word in case_content:
            assert word not in body, (url, word)
        # Autocomplete and raw-id lookups of every model either.
        for match in set(re.findall(r'data-app-label="(\w+)" data-model-name="(\w+)"', body)):
            lookup = client.get(
                "/admin/autocomplete/",
                {"term": "", "app_label": match[0], "model_name": match[1], "field_name": "id"},
            )
            assert all(word not in lookup.content.decode() for word in case_content)
    # Every action on every changelist, with every object selected, up to its confirmation.
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = client.get(changelist).wsgi_request
        pks = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:50]]
        for action in model_admin.get_actions(request):
            if action == "delete_selected":
                data = {"action": action, "_selected_action": pks}
            else:
                data = {"action": action, "_selected_action": pks, "index": "0"}
            response = client.post(changelist, data)
            for word in case_content:
                assert word not in response.content.decode(), (changelist, action, word)
    assert AuditEvent.objects.filter(mentee_id__isnull=False).count() == 0


def test_a_user_added_in_the_admin_is_audited(client, adam):
    client.force_login(adam)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "neue.mentorin",
            "usable_password": "true",
            "password1": "Leuchtturm-am-Elbufer-42",
            "password2": "Leuchtturm-am-Elbufer-42",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from lotse.accounts.models import User

    created = User.objects.get(username="neue.mentorin")
    event = AuditEvent.objects.get(object_id=str(created.public_id), action="create")
    assert event.actor == adam
    assert "neue.mentorin" not in str(event.changes)


def test_nobody_deletes_their_own_account_in_the_admin(client, adam):
    client.force_login(adam)
    response = client.post(reverse("admin:accounts_user_delete", args=[adam.pk]), {"post": "yes"})
    assert response.status_code == 403
