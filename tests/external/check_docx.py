#!/usr/bin/env python3
"""Opens the built DOCX files with independent readers and checks their
structure against the records.

python-docx: headings carry Word's Heading styles, the report tables repeat
their header row and have one row per record (plus a row per region), the
figures are pictures with alt text, the core properties are set.
LibreOffice (with --libreoffice): every DOCX converts to PDF, and the text
of that PDF holds every heading and every table's first cells.

Usage: check_docx.py OUTPUT_DIR SOURCES_DIR [--libreoffice]
"""

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import lo

import docx
from docx.oxml.ns import qn


def records(sources: Path):
    def load(name):
        with open(sources / name, "rb") as f:
            return tomllib.load(f)

    report = load("report.toml")
    return {
        "languages": report["languages"],
        "title": report["meta"]["title"],
        "regions": load("regions.toml")["region"],
        "initiatives": load("initiatives.toml")["initiative"],
        "study_groups": load("study-groups.toml")["study_group"],
        "questions": load("questions.toml")["question"],
        "figures": load("figures.toml")["figure"],
        "sections": [load(p.relative_to(sources)) for p in sorted((sources / "sections").glob("*.toml"))],
    }


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check_python_docx(path: Path, lang: str, r):
    d = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    section_titles = [s["title"][lang] for s in r["sections"]]
    for number, title in enumerate(section_titles, start=1):
        if ("Heading 1", f"{number}\t{title}") not in headings:
            fail(f"{path.name}: no Heading 1 '{number}\\t{title}' (have {headings[:8]}...)")
    if not any(style == "Heading 2" for style, _ in headings):
        fail(f"{path.name}: no Heading 2")
    if not any(style == "Heading 3" for style, _ in headings):
        fail(f"{path.name}: no Heading 3")

    expected_rows = [1 + len(r["regions"]) + len(r["initiatives"])]
    expected_rows += [1 + sum(q["study_group"] == sg["id"] for q in r["questions"]) for sg in r["study_groups"]]
    report_tables = []
    for table in d.tables:
        first = table.rows[0]._tr
        trpr = first.trPr
        if trpr is not None and trpr.find(qn("w:tblHeader")) is not None:
            report_tables.append(table)
    rows = sorted(len(t.rows) for t in report_tables)
    if rows != sorted(expected_rows):
        fail(f"{path.name}: tables with repeating header rows have {rows} rows, expected {sorted(expected_rows)}")
    codes = [row.cells[0].text for t in report_tables for row in t.rows]
    for initiative in r["initiatives"]:
        if initiative["id"] not in codes:
            fail(f"{path.name}: no table row for {initiative['id']}")

    shapes = d.inline_shapes
    if len(shapes) != len(r["figures"]):
        fail(f"{path.name}: {len(shapes)} pictures, expected {len(r['figures'])}")
    for shape in shapes:
        descr = shape._inline.docPr.get("descr", "")
        if len(descr) < 20:
            fail(f"{path.name}: a picture without a real description: {descr!r}")

    props = d.core_properties
    if props.title != r["title"][lang]:
        fail(f"{path.name}: title {props.title!r}")
    if not props.author or not props.created:
        fail(f"{path.name}: author or created missing")
    print(f"ok: {path.name}: {len(headings)} headings, tables of {rows} rows, {len(shapes)} pictures, title {props.title!r}")


def check_libreoffice(path: Path, lang: str, r, rtl: bool):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = lo.to_pdf(path, tmp)
        # poppler puts right-to-left text back in logical order only in its
        # default mode, between bidi controls.
        mode = [] if rtl else ["-raw"]
        text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
        text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
        # Brackets and punctuation around left-to-right words in
        # right-to-left text come out on either side: compare words only.
        keep = (lambda t: re.sub(r"\W", "", t)) if rtl else (lambda t: "".join(t.split()))
        squashed = keep(text)
        for section in r["sections"]:
            title = keep(section["title"][lang])
            if title not in squashed:
                fail(f"{path.name}: LibreOffice's PDF lacks the heading {title}")
        for initiative in r["initiatives"]:
            if initiative["id"] not in squashed:
                fail(f"{path.name}: LibreOffice's PDF lacks {initiative['id']}")
        pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout.decode()
        count = next(l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:"))
        print(f"ok: {path.name}: LibreOffice converts it to {count} pages with every heading and table row")


def main():
    out, sources = Path(sys.argv[1]), Path(sys.argv[2])
    libreoffice = "--libreoffice" in sys.argv[3:]
    r = records(sources)
    files = sorted(out.glob("*.docx"))
    if len(files) != len(r["languages"]):
        fail(f"{len(files)} DOCX files in {out}, expected {len(r['languages'])}")
    letters, rtl = {}, set()
    for lang in r["languages"]:
        with open(Path("templates/locales") / f"{lang}.toml", "rb") as f:
            locale = tomllib.load(f)
        letters[locale["letter"]] = lang
        if locale.get("dir") == "rtl":
            rtl.add(lang)
    for path in files:
        lang = letters[path.stem.rsplit("-", 1)[1]]
        check_python_docx(path, lang, r)
        if libreoffice:
            check_libreoffice(path, lang, r, lang in rtl)


if __name__ == "__main__":
    main()
