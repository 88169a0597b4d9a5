"""Fail when a German message catalogue is incomplete, fuzzy, stale or does not compile.

It first regenerates every catalogue from the source (``makemessages``) in a scratch copy, so a
string added to the code but missing from the catalogue is found, then checks each entry.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lotse"


def catalogue_dirs() -> list[Path]:
    """Every directory that owns a ``locale/de`` catalogue: the project and each app."""
    return sorted(p.parent.parent.parent for p in PACKAGE.glob("**/locale/de/LC_MESSAGES"))


def check(po_file: Path) -> list[str]:
    problems = []
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        problems.append(f"{po_file}: does not compile:\n{result.stderr}")
    stats = result.stderr
    if "untranslated" in stats or "fuzzy" in stats:
        problems.append(f"{po_file}: {stats.strip()}")
    return problems


def main() -> int:
    manage = [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-obsolete"]
    problems: list[str] = []
    dirs = catalogue_dirs()
    if not dirs:
        print("No German catalogues found.")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        for src in dirs:
            rel = src.relative_to(ROOT)
            copy = Path(scratch) / rel
            shutil.copytree(src, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
            shutil.copytree(src / "locale", copy / "locale")
            # Sub-apps own their own catalogues: leave them out of the project catalogue.
            ignore = []
            if src == PACKAGE:
                ignore = [f"--ignore={d.name}/*" for d in dirs if d != PACKAGE]
            subprocess.run(
                [*manage, "--ignore=locale/*", *ignore],
                cwd=copy,
                check=True,
                capture_output=True,
                env={"DJANGO_SETTINGS_MODULE": "", "PATH": "/usr/bin:/bin"},
            )
            problems += check(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")
    for problem in problems:
        print(problem)
    print(f"{len(dirs)} catalogues checked, {len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
