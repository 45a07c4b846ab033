#!/usr/bin/env python3
"""Revision editions read by outside readers.

A copy of the project is committed to a new git repository and edited
(words in a paragraph, an initiative added, a Question removed, a work
cycle moved); the release binary builds the revision against HEAD, and a
plain build of each side. Then:

- pandoc reads the revision DOCX with --track-changes=accept and =reject;
  the text must be pandoc's reading of the plain DOCX of the new and of
  the old records, paragraph by paragraph (pandoc drops a tracked row's
  text but keeps the empty row, and prints a caption beside its picture
  only when the picture is the paragraph's neighbour: both are
  normalised away);
- LibreOffice opens the revision DOCX and finds tracked changes in it
  (converted to ODT, its content has text:tracked-changes).

Usage: check_revision.py BINARY PROJECT_ROOT
"""

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(*args, cwd=None):
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"{' '.join(map(str, args))}: {out.stderr}")
    return out.stdout


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    if old not in text:
        fail(f"{old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pandoc(path: Path, mode: str):
    text = run("pandoc", f"--track-changes={mode}", "-f", "docx", "-t", "plain", "--wrap=none", str(path))
    lines = []
    for line in text.splitlines():
        line = line.strip()
        # Table borders and rows left empty by a tracked row.
        if not line or re.fullmatch(r"[+|\-=: ]*", line):
            continue
        lines.append(line)
    return lines


def normalised(lines, captions):
    return [l for l in lines if l not in captions]


def main():
    binary, root = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(root / "sources", work / "sources")
        shutil.copytree(root / "templates", work / "templates", ignore=shutil.ignore_patterns("fonts"))
        env = ["-c", "user.name=ci", "-c", "user.email=ci@example.org"]
        run("git", "init", "-q", cwd=work)
        run("git", "add", "-A", cwd=work)
        run("git", *env, "commit", "-q", "-m", "baseline", cwd=work)
        run(str(binary), "build", "--quiet", "--out", "old", cwd=work)
        edit(work / "sources/sections/1-introduction.toml", "It was a landmark event aimed at providing", "It was a historic landmark event designed to provide")
        edit(work / "sources/sections/1-introduction.toml", "这是一项具有里程碑意义的活动，旨在", "这是一项具有重大里程碑意义的活动，目的是")
        initiatives = work / "sources/initiatives.toml"
        initiatives.write_text(initiatives.read_text(encoding="utf-8") + '\n[[initiative]]\nid = "EUR6"\nregion = "EUR"\ntitle.zh = "新的欧洲举措"\ntitle.en = "A new initiative for Europe"\ntitle.ar = "مبادرة جديدة لأوروبا"\ntitle.fr = "Une nouvelle initiative pour l’Europe"\ntitle.ru = "Новая инициатива для Европы"\ntitle.es = "Una nueva iniciativa para Europa"\n', encoding="utf-8")
        questions = work / "sources/questions.toml"
        text = questions.read_text(encoding="utf-8")
        start = text.index('[[question]]\nid = "Q7/1"')
        end = text.index("[[question]]", start + 12)
        questions.write_text(text[:start] + text[end:], encoding="utf-8")
        edit(work / "sources/sections/1-introduction.toml", "وكان حدثاً بارزاً يهدف إلى", "وكان حدثاً تاريخياً بارزاً يرمي إلى")
        edit(work / "sources/outputs.toml", "start = 2023\nend = 2025", "start = 2024\nend = 2026")
        run(str(binary), "build", "--quiet", "--out", "new", cwd=work)
        run(str(binary), "build", "--quiet", "--out", "rev", "--baseline", "HEAD", cwd=work)
        for docx in sorted((work / "rev").glob("*.docx")):
            new, old = work / "new" / docx.name, work / "old" / docx.name
            captions = set()
            for side in (new, old):
                captions |= {l for l in pandoc(side, "accept") if re.match(r"^(Figure|图|Рисунок|Figura|الشكل)\s*\d", l)}
            accepted = normalised(pandoc(docx, "accept"), captions)
            rejected = normalised(pandoc(docx, "reject"), captions)
            if accepted != normalised(pandoc(new, "accept"), captions):
                fail(f"{docx.name}: accepting every change does not give the new edition")
            if rejected != normalised(pandoc(old, "accept"), captions):
                fail(f"{docx.name}: rejecting every change does not give the old edition")
            if accepted == rejected:
                fail(f"{docx.name}: no change was tracked")
            print(f"ok: pandoc accepts and rejects {docx.name} ({len(accepted)} paragraphs)")
            odt = work / "odt"
            run("libreoffice", "--headless", "--convert-to", "odt", "--outdir", str(odt), str(docx))
            with zipfile.ZipFile(odt / docx.with_suffix(".odt").name) as z:
                content = z.read("content.xml").decode("utf-8")
            regions = content.count("<text:changed-region")
            if "<text:tracked-changes" not in content or regions == 0:
                fail(f"{docx.name}: LibreOffice finds no tracked changes")
            if "<text:insertion" not in content or "<text:deletion" not in content:
                fail(f"{docx.name}: LibreOffice does not see both insertions and deletions")
            print(f"ok: LibreOffice finds {regions} tracked changes in {docx.name}")


if __name__ == "__main__":
    main()
