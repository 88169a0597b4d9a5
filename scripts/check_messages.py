"""Keep the German message catalogues complete.

    python scripts/check_messages.py            # check every catalogue (CI)
    python scripts/check_messages.py --update APP [APP ...]   # refresh catalogues from the source

Each app keeps its catalogue in ``lotse/<app>/locale/de/LC_MESSAGES/django.po``; it covers the
app's Python code AND its templates in ``lotse/templates/<app>/``. The project catalogue
``lotse/locale`` covers everything else (``lotse/*.py``, ``lotse/lib``, the shared templates).
The check regenerates every catalogue in a scratch copy, so a string added to the code but
missing from the catalogue is found, then fails on any untranslated, fuzzy or broken entry.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lotse"
PO = Path("locale") / "de" / "LC_MESSAGES" / "django.po"


def all_apps() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))


def apps_with_catalogues() -> list[str]:
    return sorted(
        p.parent.parent.parent.name
        for p in PACKAGE.glob("*/locale/de/LC_MESSAGES")
        if p.parent.parent.parent != PACKAGE
    )


def _copy_sources(name: str, scratch: Path, app_names: list[str]) -> Path:
    """Lay out the sources of one catalogue in ``scratch`` and return the directory to scan."""
    ignore = shutil.ignore_patterns("__pycache__", "migrations", "tests", "locale")
    target = scratch / name
    if name == "lotse":
        target.mkdir()
        for path in PACKAGE.iterdir():
            if path.is_file() and path.suffix == ".py":
                shutil.copy(path, target / path.name)
        shutil.copytree(PACKAGE / "lib", target / "lib", ignore=ignore)
        shutil.copytree(
            PACKAGE / "templates",
            target / "templates",
            ignore=shutil.ignore_patterns(*all_apps()),
        )
    else:
        shutil.copytree(PACKAGE / name, target, ignore=ignore)
        templates = PACKAGE / "templates" / name
        if templates.exists():
            shutil.copytree(templates, target / "_project_templates" / name)
    existing = (PACKAGE / name if name != "lotse" else PACKAGE) / PO
    (target / PO).parent.mkdir(parents=True)
    if existing.exists():
        shutil.copy(existing, target / PO)
    return target


def _makemessages(directory: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=directory,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )


def check(po_file: Path, label: str) -> list[str]:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return [f"{label}: does not compile:\n{result.stderr}"]
    stats = result.stderr.strip()
    if "untranslated" in stats or "fuzzy" in stats:
        return [
            f"{label}: {stats} — run `python scripts/check_messages.py --update "
            f"{label}` and translate every entry."
        ]
    return []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", nargs="+", metavar="APP", help="refresh these catalogues")
    args = parser.parse_args()
    app_names = apps_with_catalogues()
    names = args.update or ["lotse", *all_apps()]
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            if name != "lotse" and not (PACKAGE / name).is_dir():
                problems.append(f"{name}: no such app")
                continue
            if not args.update and name != "lotse" and name not in app_names:
                problems.append(
                    f"{name}: no German catalogue — run "
                    f"`python scripts/check_messages.py --update {name}` and translate it."
                )
                continue
            directory = _copy_sources(name, Path(scratch), app_names)
            _makemessages(directory)
            if args.update:
                destination = (PACKAGE if name == "lotse" else PACKAGE / name) / PO
                destination.parent.mkdir(parents=True, exist_ok=True)
                text = (directory / PO).read_text()
                text = text.replace("_project_templates/", "../templates/")
                destination.write_text(text)
                print(f"updated {destination.relative_to(ROOT)}")
            else:
                problems += check(directory / PO, name)
    for problem in problems:
        print(problem)
    if not args.update:
        print(f"{len(names)} catalogues checked, {len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
