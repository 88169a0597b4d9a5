"""Settings for the test suite: the production settings with test-only relaxations."""

import os

os.environ.setdefault("LOTSE_TESTING", "1")

from lotse.settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
