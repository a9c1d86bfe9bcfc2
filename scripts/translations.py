"""Refresh the Vietnamese catalogue: extract every msgid, fill translations from
``docs/i18n/*.vi.json``, report what is still missing, and compile the ``.mo`` file. A message
with a context (``pgettext``) is the key ``"[context] msgid"``.

    .venv/bin/python scripts/translations.py          # needs GNU gettext's xgettext (extraction)

The ``.po`` and ``.mo`` files are committed, so running the app needs no gettext tools.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "tuphap" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    environment = {**os.environ, "DEBUG": "true"}
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "--locale",
            "vi",
            "--no-obsolete",
            "--ignore",
            "migrations/*",
            "--ignore",
            "tests/*",
            "--add-location",
            "file",
        ],
        cwd=ROOT / "tuphap",
        env=environment,
        check=True,
    )
    translations: dict[str, str] = {}
    for source in sorted((ROOT / "docs" / "i18n").glob("*.vi.json")):
        translations.update(json.loads(source.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(CATALOGUE))
    catalogue.metadata["Language"] = "vi"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            # msgmerge guesses from a similar msgid; a guess is never a translation.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.previous_msgid = entry.previous_msgid_plural = None
            # A previous context without a previous msgid is a line msgmerge cannot read back.
            entry.previous_msgctxt = None
        if entry.msgctxt:
            # A word that means something else in this register: "[context] msgid" in the JSON.
            key = f"[{entry.msgctxt}] {entry.msgid}"
            if key in translations:
                entry.msgstr = translations[key]
            elif not entry.msgstr:
                missing.append(key)
            continue
        if entry.msgid_plural:
            text = translations.get(entry.msgid)
            plural = translations.get(entry.msgid_plural, text)
            if text:
                entry.msgstr_plural = {0: plural or text}
            elif not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        elif entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.save()
    catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing Vietnamese translation: {msgid!r}")
    print(f"{len(catalogue)} messages, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
