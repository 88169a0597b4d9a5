"""Organisations, the 14 projects, the staff and the demo logins."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import (
    Membership,
    Organisation,
    ProgrammeRole,
    Project,
    ProjectRole,
    User,
)
from lotse.demo.catalogues import DEMO_PASSWORD, ORGANISATIONS, PROJECTS, STAFF_FIRST, STAFF_LAST
from lotse.demo.context import Demo, bulk

DEMO_USER_PREFIX = "demo."


@dataclass(frozen=True)
class Login:
    username: str
    first_name: str
    last_name: str
    role: object  # lazy label
    project: str = ""  # ProjectSpec.slug
    project_role: str = ""
    programme_role: str = ""
    is_superuser: bool = False


LOGINS = [
    Login("mentorin.chemnitz", "Anja", "Vogel", _("mentor"), "chemnitz", ProjectRole.MENTOR),
    Login("mentor.leipzig", "Tobias", "Krause", _("mentor"), "leipzig-nord", ProjectRole.MENTOR),
    Login("leitung.chemnitz", "Katrin", "Seidel", _("project lead"), "chemnitz", ProjectRole.LEAD),
    Login(
        "koordination",
        "Claudia",
        "Richter",
        _("programme coordinator"),
        programme_role=ProgrammeRole.COORDINATOR,
    ),
    Login(
        "datenschutz",
        "Frank",
        "Lehmann",
        _("data protection officer"),
        programme_role=ProgrammeRole.DATA_PROTECTION,
    ),
    Login(
        "admin",
        "Sven",
        "Administrator",
        _("administrator"),
        programme_role=ProgrammeRole.ADMINISTRATOR,
        is_superuser=True,
    ),
]


def demo_project_names() -> list[str]:
    return [spec.name for spec in PROJECTS]


def build_organisation(demo: Demo) -> None:
    """Create or refresh the organisations, projects, users and memberships.

    Users are kept between runs (the audit trail may point at them and can never be deleted);
    their names, roles, password and memberships are reset.
    """
    orgs = []
    for name in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(name=name)
        orgs.append(org)
    for spec in PROJECTS:
        project, _created = Project.objects.update_or_create(
            name=spec.name,
            defaults={
                "organisation": orgs[spec.organisation],
                "is_active": True,
                "esf_indicators": spec.esf,
            },
        )
        project.districts.set([spec.district])
        demo.projects.append(project)

    password = make_password(DEMO_PASSWORD)
    rng = demo.rng
    wanted: list[tuple[User, str | None, str | None]] = []  # user, project slug, project role
    for login in LOGINS:
        wanted.append(
            (
                User(
                    username=login.username,
                    first_name=login.first_name,
                    last_name=login.last_name,
                    programme_role=login.programme_role,
                    is_staff=login.is_superuser,
                    is_superuser=login.is_superuser,
                    email=f"{login.username}@lotse-demo.invalid",
                ),
                login.project or None,
                login.project_role or None,
            )
        )
    taken = {(login.first_name, login.last_name) for login in LOGINS}
    for spec in PROJECTS:
        named = [w for w in wanted if w[1] == spec.slug]
        mentors_needed = spec.mentors - sum(1 for w in named if w[2] == ProjectRole.MENTOR)
        leads_needed = 1 - sum(1 for w in named if w[2] == ProjectRole.LEAD)
        for index in range(mentors_needed + leads_needed):
            first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
            while (first, last) in taken:
                first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
            taken.add((first, last))
            role = ProjectRole.LEAD if index >= mentors_needed else ProjectRole.MENTOR
            username = f"{DEMO_USER_PREFIX}{spec.slug}.{role}{index + 1}"
            wanted.append(
                (
                    User(
                        username=username,
                        first_name=first,
                        last_name=last,
                        email=f"{username}@lotse-demo.invalid",
                    ),
                    spec.slug,
                    role,
                )
            )

    existing = {
        u.username: u for u in User.objects.filter(username__in=[w[0].username for w in wanted])
    }
    users = []
    for user, _slug, _role in wanted:
        user.password = password
        user.is_active = True
        if user.username in existing:
            old = existing[user.username]
            for name in (
                "first_name",
                "last_name",
                "email",
                "password",
                "programme_role",
                "is_staff",
                "is_superuser",
                "is_active",
            ):
                setattr(old, name, getattr(user, name))
            users.append(old)
        else:
            users.append(user)
    User.objects.bulk_update(
        [u for u in users if u.pk],
        [
            "first_name",
            "last_name",
            "email",
            "password",
            "programme_role",
            "is_staff",
            "is_superuser",
            "is_active",
        ],
    )
    bulk(User, [u for u in users if not u.pk])
    if any(u.pk is None for u in users):  # databases that do not return keys from bulk inserts
        ids = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list(
                "username", "pk"
            )
        )
        for u in users:
            u.pk = u.id = ids[u.username]

    Membership.objects.filter(user__in=users).delete()
    Membership.objects.filter(project__in=demo.projects).delete()
    slug_index = {spec.slug: i for i, spec in enumerate(PROJECTS)}
    demo.mentors = [[] for _ in PROJECTS]
    demo.leads = [None] * len(PROJECTS)
    memberships = []
    for user, (_u, slug, role) in zip(users, wanted, strict=True):
        if not slug:
            continue
        index = slug_index[slug]
        memberships.append(Membership(user=user, project=demo.projects[index], role=role))
        if role == ProjectRole.MENTOR:
            demo.mentors[index].append(user)
        else:
            demo.leads[index] = user
    bulk(Membership, memberships)
    demo.count("users", len(users))
