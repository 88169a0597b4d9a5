"""Benchmark: erasing placed mentees with everything about them, on the database of
``DATABASE_URL`` (PostgreSQL for the figures in the report).

    LOTSE_TESTING=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_erasure \
        .venv/bin/python benchmarks/erasure.py [--mentees 60 1000]

Migrates the database, then, inside one transaction that is rolled back at the end (nothing
stays), builds each programme with ``lotse.privacy.tests.programme.build`` (per mentee two
stays at most, 3 journal entries, a placement with three follow-ups, an ESF Plus record, every
profile record, and 2 audit rows) and erases every mentee with ``erase_mentee``. The baseline,
measured in the same run, is building the same records through the ORM: erasure costs about
as much as writing the case file once. Not a test: nothing here asserts a time.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, nargs="+", default=[60, 1000])
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from lotse.accounts.models import ProgrammeRole
    from lotse.accounts.tests.factories import UserFactory
    from lotse.audit.models import AuditAction
    from lotse.audit.services import audit_record
    from lotse.privacy.erasure import erase_mentee
    from lotse.privacy.tests.programme import build

    call_command("migrate", verbosity=0)
    print(
        f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}"
    )
    machine = platform.processor() or platform.machine()
    print(f"{machine}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    for n in args.mentees:
        try:
            with transaction.atomic():
                dpo = UserFactory(programme_role=ProgrammeRole.DATA_PROTECTION)
                started = time.perf_counter()
                programme = build(n, seed=n)
                for mentee in programme.mentees:
                    audit_record(actor=dpo, action=AuditAction.VIEW, obj=mentee, mentee=mentee)
                    audit_record(actor=dpo, action=AuditAction.EXPORT, obj=mentee, mentee=mentee)
                built = time.perf_counter() - started
                started = time.perf_counter()
                for mentee in programme.mentees:
                    erase_mentee(actor=dpo, mentee=mentee)
                erased = time.perf_counter() - started
                print(
                    f"{n:6d} mentees: erased in {erased:7.2f} s "
                    f"({erased / n * 1000:6.1f} ms each); "
                    f"baseline, building them: {built:7.2f} s; ratio {erased / built:4.2f}"
                )
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
