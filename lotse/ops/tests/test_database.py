"""The PostgreSQL connection's settings for prepared statements (lotse/settings.py,
lotse/ops/apps.py)."""

import pytest
from django.db import connection

from lotse.ops.apps import PREPARED_MAX

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@postgresql
@pytest.mark.django_db
def test_a_connection_prepares_repeated_queries_and_keeps_many():
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 2
    assert connection.connection.prepared_max == PREPARED_MAX
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT %s::bigint + 1", [2**40])
            assert cursor.fetchone()[0] == 2**40 + 1
        cursor.execute(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["SELECT $1::bigint + 1%"],
        )
        assert cursor.fetchone()[0] == 1
