"""Settings for the test suite: the production settings with test-only relaxations."""

import os

os.environ.setdefault("LOTSE_TESTING", "1")

from lotse.settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]

# The tests that publish report figures use the line closure alone (seconds instead of the
# audit's tens of seconds per scenario); the suppression and attack tests switch the audit on.
LOTSE_REPORT_AUDIT = env_bool("LOTSE_REPORT_AUDIT", False)  # noqa: F405

# Uploads of the import tests go to a folder of their own, not into the checkout.
import tempfile  # noqa: E402

STORAGES["imports"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="lotse-imports-")  # noqa: F405
