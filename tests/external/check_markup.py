#!/usr/bin/env python3
"""Inline markup and open tables read by outside readers.

A copy of the project gets a table of resolutions (of = "resolutions"), a
written-out table, and a paragraph with a link, a footnote, strong and
emphasised words; the release binary builds it. pandoc must read the
footnote, the link with its address, the strong and emphasised words and
both tables' cells from the DOCX; LibreOffice must find a real footnote
(text:note) and a real hyperlink (text:a) in it.

Usage: check_markup.py BINARY PROJECT_ROOT
"""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

URL = "https://www.itu.int/pub/D-TDC-WTDC-2022"
ADDITION = f'''
[[block]]
kind = "table"
id = "new-resolutions"
of = "resolutions"
columns = ["id", "title"]
caption.zh = "新决议"
caption.en = "New resolutions"

[[block]]
kind = "table"
id = "meetings"
caption.zh = "会议"
caption.en = "Meetings"
[[block.column]]
header.zh = "会议"
header.en = "Meeting"
[[block.column]]
header.zh = "日期"
header.en = "Dates"
[[block.row]]
cells = [{{ zh = "TDAG-23", en = "TDAG-23" }}, {{ zh = "2023年5月", en = "May 2023" }}]

[[block]]
kind = "para"
text.zh = "详见{{[WTDC-22最后报告]({URL})}}{{^最后报告载有全部决议。}}，其中{{**第87号决议**}}尤为{{*重要*}}。"
text.en = "See the {{[Final Report of WTDC-22]({URL})}}{{^The Final Report holds every resolution.}}, in which {{**Resolution 87**}} is {{*particularly*}} important."
'''


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(*args, cwd=None):
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"{' '.join(map(str, args))}: {out.stderr}")
    return out.stdout


def main():
    binary, root = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(root / "sources", work / "sources")
        shutil.copytree(root / "templates", work / "templates", ignore=shutil.ignore_patterns("fonts"))
        section = work / "sources/sections/6-resolutions.toml"
        section.write_text(section.read_text(encoding="utf-8") + ADDITION, encoding="utf-8")
        run(str(binary), "build", "--quiet", "--lang", "en", "--format", "docx", "--out", "out", cwd=work)
        docx = work / "out/TDAG-23-XX-E.docx"
        markdown = " ".join(run("pandoc", "-f", "docx", "-t", "markdown", "--wrap=none", str(docx)).split())
        for piece in [
            f"[Final Report of WTDC-22]({URL})[^1]",
            "[^1]: The Final Report holds every resolution.",
            "**Resolution 87**",
            "*particularly*",
            "Connecting every school to the Internet",
            "May 2023",
        ]:
            if piece not in markdown:
                fail(f"pandoc does not read `{piece}` from {docx.name}")
        print(f"ok: pandoc reads the link, the footnote, the markup and the tables of {docx.name}")
        run("libreoffice", "--headless", "--convert-to", "odt", "--outdir", str(work / "odt"), str(docx))
        with zipfile.ZipFile(work / "odt" / "TDAG-23-XX-E.odt") as z:
            content = z.read("content.xml").decode("utf-8")
        if "<text:note " not in content or "The Final Report holds every resolution." not in content:
            fail("LibreOffice finds no footnote")
        if f'xlink:href="{URL}"' not in content:
            fail("LibreOffice finds no hyperlink")
        print("ok: LibreOffice finds the footnote and the hyperlink")


if __name__ == "__main__":
    main()
