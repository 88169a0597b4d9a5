import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.tests.factories import (
    ConsentFactory,
    ExternalReferenceFactory,
    LanguageSkillFactory,
    MenteeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
    TargetOccupationFactory,
    WorkExperienceFactory,
)

pytestmark = pytest.mark.django_db


def url(mentee):
    return reverse("cases:detail", args=[mentee.public_id])


def test_anonymous_is_sent_to_login(client, mentee):
    response = client.get(url(mentee))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_outsiders_get_404(client, mentee, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(mentee)).status_code == 404


def test_wrong_method_is_405(client, mentee, alice):
    client.force_login(alice)
    assert client.post(url(mentee)).status_code == 405


def test_mentor_sees_the_page_and_a_view_is_audited(client, mentee, alice):
    LanguageSkillFactory(mentee=mentee, level="B2")
    client.force_login(alice)
    response = client.get(url(mentee))
    assert response.status_code == 200
    assert "Amal Haddad" in response.content.decode()
    assert "B2" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == alice
    assert event.mentee_id == mentee.public_id


def _full_history(mentee, n):
    LanguageSkillFactory(mentee=mentee)
    for i in range(n):
        QualificationFactory(mentee=mentee, title=f"Q{i}")
        WorkExperienceFactory(mentee=mentee)
        ResidenceStatusFactory(mentee=mentee)
        ExternalReferenceFactory(mentee=mentee)
        ConsentFactory(mentee=mentee)
    TargetOccupationFactory(mentee=mentee)


def test_query_count_does_not_grow_with_the_history(
    client, project_a, alice, django_assert_max_num_queries, settings
):
    """10 mentees and a short history, then 200 mentees and a long one: the same count."""
    # The matching index's revision check runs when 10 s have passed since the last one: on
    # a slow machine between the two requests; it is one query whatever the history.
    settings.LOTSE_MATCHING_REVISION_SECONDS = 3600
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short = MenteeFactory(project=project_a, mentor=alice)
    _full_history(short, 1)
    MenteeFactory.create_batch(9, project=project_a, mentor=alice)
    client.force_login(alice)
    client.get(url(short))  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(short)).status_code == 200
    long = MenteeFactory(project=project_a, mentor=alice)
    _full_history(long, 30)
    MenteeFactory.create_batch(189, project=project_a, mentor=alice)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(long)).status_code == 200
    assert len(many) == len(few)


def test_the_case_file_itself_needs_16_queries_one_per_kind_of_profile_record(
    client, project_a, alice, django_assert_max_num_queries, monkeypatch
):
    """Session, user, second-factor device, projects, mentee, one prefetch per profile record
    kind (seven) and the stays, lead check, audit row: the panels of other apps are measured by
    the test above and by their own apps."""
    from lotse import pages
    from lotse.cases.kinds import RECORD_KINDS
    from lotse.cases.panels import MENTEE_SECTION
    from lotse.lib.sections import Page

    monkeypatch.setattr(pages, "MENTEE_PAGE", Page("mentee", (MENTEE_SECTION,)))
    mentee = MenteeFactory(project=project_a, mentor=alice)
    _full_history(mentee, 30)
    client.force_login(alice)
    with django_assert_max_num_queries(9 + len(RECORD_KINDS)):
        assert client.get(url(mentee)).status_code == 200


def test_the_page_shows_the_work_permission_hint_and_the_expiry_warning(client, mentee, alice):
    import datetime

    from django.utils import timezone

    from lotse.cases.tests.factories import ResidenceTitleFactory
    from lotse.reference.models import WorkPermission

    title = ResidenceTitleFactory(
        code="duldung-60a",
        name="Duldung § 60a AufenthG",
        work_permission=WorkPermission.PERMIT_REQUIRED,
        needs_permit=True,
    )
    today = timezone.localdate()
    ResidenceStatusFactory(
        mentee=mentee,
        title=title,
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=10),
    )
    client.force_login(alice)
    content = client.get(url(mentee), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Duldung § 60a AufenthG" in content
    assert "badge-warn" in content
    hint = content.split('id="residence"')[1].split("</section>")[0]
    assert "Ausländerbehörde" in hint or "immigration office" in hint  # the advice to verify
    assert "läuft am" in content  # the document expires in ten days
