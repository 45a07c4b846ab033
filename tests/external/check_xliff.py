#!/usr/bin/env python3
"""The XLIFF of `translate export`, read by outside tools.

For every configured language but the original, in a copy of the
project, the release binary exports the texts; then:

- xmllint validates the file against the official XLIFF 1.2 strict schema
  (tests/data/xliff/);
- translate-toolkit reads it and finds every unit: as many as `check`
  counts texts in the original language, with the ids, sources (inline
  codes kept) and targets that a plain XML parser finds, every present
  translation counted as translated;
- the file as translate-toolkit writes it back is imported by the binary
  without a change (`--dry-run`), and a target edited through
  translate-toolkit is imported into the records, which still pass
  `check`.

Usage: check_xliff.py BINARY PROJECT_ROOT
"""

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from translate.storage import xliff

NS = "{urn:oasis:names:tc:xliff:document:1.2}"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(*args, cwd):
    out = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"{' '.join(map(str, args))}:\n{out.stderr}")
    return out.stdout + out.stderr


def plain(element):
    """The text of an element, inline codes' content included."""
    return "".join(element.itertext()) if element is not None else None


def parsed(path: Path):
    """Unit id -> (source, target) by a plain XML parser."""
    units = {}
    for unit in ET.parse(path).getroot().iter(f"{NS}trans-unit"):
        units[unit.get("id")] = (plain(unit.find(f"{NS}source")), plain(unit.find(f"{NS}target")))
    return units


def check_file(path: Path, schema: Path, texts: int, project: Path, binary: Path):
    run("xmllint", "--noout", "--schema", schema, path, cwd=project)
    expected = parsed(path)
    if len(expected) != texts:
        fail(f"{path.name}: {len(expected)} units, but check counts {texts} texts")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    units = [u for u in store.units if not u.isheader()]
    found = {u.getid().split("\x04")[-1]: u for u in units}
    if set(found) != set(expected):
        fail(f"{path.name}: translate-toolkit finds {len(found)} units, XML has {len(expected)}")
    for uid, (source, target) in expected.items():
        unit = found[uid]
        if str(unit.source) != source:
            fail(f"{path.name} {uid}: translate-toolkit reads the source {unit.source!r}, not {source!r}")
        if target is not None and (str(unit.target) != target or not unit.istranslated()):
            fail(f"{path.name} {uid}: translate-toolkit reads the target {unit.target!r} (translated: {unit.istranslated()})")
    # Written back by translate-toolkit: nothing to import.
    again = path.with_suffix(".ttk.xlf")
    again.write_bytes(bytes(store))
    out = run(binary, "translate", "import", "--dry-run", again, cwd=project)
    if not re.search(r"Checked 0 translations to import", out):
        fail(f"{again.name}: the file as translate-toolkit writes it would change the records:\n{out}")
    print(f"ok: {path.name}: {len(units)} units, schema-valid, read and written back by translate-toolkit")
    return store


def main():
    binary = Path(sys.argv[1]).resolve()
    root = Path(sys.argv[2]).resolve()
    schema = root / "tests/data/xliff/xliff-core-1.2-strict.xsd"
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(root / "sources", project / "sources")
        shutil.copytree(root / "templates", project / "templates", ignore=shutil.ignore_patterns("fonts"))
        out = run(binary, "check", cwd=project)
        counts = {lang: int(n) for lang, n in re.findall(r"(\w+) (\d+)", out.split("texts:")[-1])}
        if not counts:
            fail(f"`check` printed no count of texts per language:\n{out}")
        stores = {}
        for lang in counts:
            path = project / f"{lang}.xlf"
            export = subprocess.run(
                [str(binary), "translate", "export", "--to", lang, "-o", str(path)],
                cwd=project, capture_output=True, text=True,
            )
            if "the texts are already in" in export.stderr:
                continue  # the original language
            if export.returncode != 0:
                fail(f"export --to {lang}:\n{export.stderr}")
            original = ET.parse(path).getroot().find(f"{NS}file").get("source-language")
            stores[lang] = (path, check_file(path, schema, counts[original], project, binary))
        if len(stores) != len(counts) - 1:
            fail(f"exported {sorted(stores)} of {sorted(counts)}")
        # A target edited through translate-toolkit is imported.
        lang, (path, store) = next(iter(stores.items()))
        # One without inline codes: a plain string set as target drops them.
        unit = next(u for u in store.units if not u.isheader() and u.target and "{" not in str(u.target))
        unit.target = f"{unit.target} (ttk)"
        path.write_bytes(bytes(store))
        out = run(binary, "translate", "import", path, cwd=project)
        if "Imported 1 translation" not in out:
            fail(f"the edited {lang} target was not imported:\n{out}")
        records = "".join(p.read_text(encoding="utf-8") for p in (project / "sources").rglob("*.toml"))
        if f"{unit.target}\"" not in records:
            fail(f"the records do not hold {unit.target!r}")
        run(binary, "check", cwd=project)
        print(f"ok: a {lang} target edited with translate-toolkit is imported; check passes")


if __name__ == "__main__":
    main()
