#!/usr/bin/env python3
"""Opens the right-to-left editions' DOCX files with LibreOffice and checks
that it shows them right to left, in the right font, with the text in
logical order.

For every locale with dir = "rtl": LibreOffice converts the DOCX to PDF
(with the pinned fonts installed for the user, as `.ci/run` does); then
- the PDF embeds the locale's complex-script Word font (`docx_complex`);
- poppler's text (which it puts back in logical order) holds the title and
  the texts of section 1 that have no placeholders, word by word in order;
- in the page's geometry, the first word of each of those lines is the
  rightmost one of its line: the paragraphs run right to left.

Usage: check_rtl.py OUTPUT_DIR SOURCES_DIR TEMPLATES_DIR
"""

import re
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import lo

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Letters and marks of the Arabic block, without its punctuation.
LETTERS = re.compile("[\u0621-\u064a\u064b-\u065f\u0670-\u06d3]+")


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def load(path: Path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def words(text: str):
    return LETTERS.findall(BIDI_CONTROLS.sub("", text))


def letters(text: str) -> str:
    """The Arabic letters and marks of a text, in order, nothing else:
    poppler splits words where marks or kerning move glyphs apart."""
    return "".join(words(text))


def expected_texts(sources: Path, lang: str):
    report = load(sources / "report.toml")
    texts = [report["meta"]["title"][lang]]
    intro = sorted((sources / "sections").glob("*.toml"))[0]
    section = load(intro)
    texts.append(section["title"][lang])
    for block in section.get("block", []):
        text = block.get("text", {}).get(lang)
        if text and "{" not in text:
            texts.append(text)
    return texts


def lines_of(pdf: Path, page: int):
    """The words of a page by line (words whose tops are within 2 pt), as
    (text, xMin, xMax)."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
    ).stdout
    root = ET.fromstring(out)
    lines = []
    for w in root.iter("{http://www.w3.org/1999/xhtml}word"):
        top = float(w.get("yMin"))
        word = (w.text or "", float(w.get("xMin")), float(w.get("xMax")))
        for y, line in lines:
            if abs(y - top) < 2:
                line.append(word)
                break
        else:
            lines.append((top, [word]))
    return [line for _, line in lines]


def check(docx: Path, lang: str, complex_font: str, sources: Path, templates: Path):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = lo.to_pdf(docx, tmp)
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        if complex_font.replace(" ", "") not in fonts.replace(" ", ""):
            fail(f"{docx.name}: LibreOffice did not use {complex_font}:\n{fonts}")
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        found = letters(text)
        texts = expected_texts(sources, lang)
        for expected in texts:
            if letters(expected) not in found:
                fail(f"{docx.name}: not in logical order in LibreOffice's PDF: {expected}")
        # Direction: of the first two words of a text, the first stands to
        # the right of the second; and the labels "Source:" and "Title:"
        # stand to the right of their values, which only a right-to-left
        # paragraph does (in a left-to-right one, the tab between them puts
        # the label first, on the left). poppler's geometry gives each
        # word's letters in visual order.
        labels = load(templates / "locales" / f"{lang}.toml")["labels"]
        pairs = [words(t)[:2] for t in texts]
        report = load(sources / "report.toml")["meta"]
        pairs += [
            [words(labels["title"])[0], words(report["title"][lang])[0]],
            [words(labels["source"])[0], words(report["source"][lang])[0]],
        ]
        checked = 0
        for page in (1, 2):
            for line in lines_of(pdf, page):
                right_edge = {}
                for visual, _, x_max in line:
                    for word in words(visual[::-1])[:1]:
                        right_edge.setdefault(word, x_max)
                for first in pairs:
                    if len(first) < 2 or not all(w in right_edge for w in first):
                        continue
                    if right_edge[first[0]] <= right_edge[first[1]]:
                        fail(f"{docx.name}: `{first[0]}` stands left of `{first[1]}`: the line runs left to right")
                    checked += 1
        if checked == 0:
            fail(f"{docx.name}: found no line to check the direction of")
        pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        count = next(l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:"))
        print(
            f"ok: {docx.name}: LibreOffice shows it right to left in {complex_font} ({count} pages); "
            f"{len(texts)} texts in logical order, {checked} lines checked for direction"
        )


def main():
    out, sources, templates = (Path(a) for a in sys.argv[1:4])
    report = load(sources / "report.toml")
    checked = 0
    for lang in report["languages"]:
        locale = load(templates / "locales" / f"{lang}.toml")
        if locale.get("dir") != "rtl":
            continue
        document = report["meta"]["document"].replace("/", "-")
        docx = out / f"{document}-{locale['letter']}.docx"
        if not docx.exists():
            fail(f"{docx} missing")
        check(docx, lang, locale["fonts"]["docx_complex"], sources, templates)
        checked += 1
    if checked == 0:
        fail("no right-to-left language is configured")


if __name__ == "__main__":
    main()
