#!/usr/bin/env python3
"""Regenerate the pinned report fonts in templates/fonts/.

* NotoSerifCJKsc-{Regular,Bold}.otf -- the "Noto Serif CJK SC" face extracted
  from Debian's fonts-noto-cjk collections (NotoSerifCJK-{Regular,Bold}.ttc)
  and subset with fontTools to GB2312 + Latin/punctuation blocks + every
  character used in sources/, templates/locales/ and any --extra-text file.
* LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf -- byte-for-byte copies
  from Debian's fonts-liberation2.
* Amiri-{Regular,Bold}.ttf -- only with --arabic-dir: Amiri 1.002, the
  Arabic font (as shipped in the npm package @expo-google-fonts/amiri@0.4.1),
  subset to every Arabic-block character of the texts, the digits,
  punctuation and spaces of the `ar` texts in sources/ (and
  templates/locales/ar.toml), ASCII digits and punctuation, and a few fixed
  Arabic characters (comma, semicolon, question mark, tatweel, Arabic-Indic
  digits).  Without --arabic-dir the Arabic fonts are left as they are.

--only PART (repeatable: noto-cjk, liberation, arabic) regenerates just those
parts, e.g. `--only arabic --arabic-dir DIR` needs neither Debian package.

The output is deterministic: the same inputs give byte-identical files
(head.modified is pinned to the source font's value; nothing else in the
output depends on the clock or on file-system order).  When the optional
uharfbuzz module is installed, every `ar` text is shaped with the subset
and with the full Amiri font, and the run fails if glyphs or positions
differ.

With --check nothing is written: the script lists every character used in
sources/ and templates/locales/ (and --extra-text files) that the pinned
subsets lack, and exits 1 if there is any.  Characters of the Arabic Unicode
blocks are checked against the pinned Amiri subsets when those exist
(otherwise against the CJK subsets, as before).  No source font is needed
for --check.

Only the Python standard library and fontTools are used (plus uharfbuzz, if
installed, for the shaping check).
Run from anywhere; paths to sources/ etc. are taken relative to the repository
root, which is found from this script's location (templates/fonts/ -> ../..).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import sys
import unicodedata
from pathlib import Path

try:
    import fontTools
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # pragma: no cover - environment problem
    sys.exit("error: fontTools is required (pip install fonttools)")

FONT_DIR = Path(__file__).resolve().parent
REPO_ROOT = FONT_DIR.parent.parent

# Directories (relative to the repo root) whose text must be covered.
TEXT_DIRS = ("sources", "templates/locales")

DEFAULT_NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")

NOTO_FAMILY = "Noto Serif CJK SC"
# output file name -> source collection file name
NOTO_FILES = {
    "NotoSerifCJKsc-Regular.otf": "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJKsc-Bold.otf": "NotoSerifCJK-Bold.ttc",
}
LIBERATION_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
NOTO_PACKAGE = "fonts-noto-cjk"
LIBERATION_PACKAGE = "fonts-liberation2"

# Amiri, the Arabic font: the Google Fonts build of Amiri 1.002.  (It replaced
# Noto Naskh Arabic, whose decomposed letters -- base glyph + separate dot
# glyphs -- come out of Typst's PDFs as text that PDF readers cannot extract.)
ARABIC_FAMILY = "Amiri"
ARABIC_VERSION = "Version 1.002"     # name ID 5 of both source files
ARABIC_NPM = "@expo-google-fonts/amiri@0.4.1"
# output file name -> (style = name ID 2, file names accepted in --arabic-dir
# (plain name, or the layout of the unpacked npm package), sha256 of the
# source file from ARABIC_NPM)
ARABIC_FILES = {
    "Amiri-Regular.ttf": (
        "Regular",
        ("Amiri-Regular.ttf", "400Regular/Amiri_400Regular.ttf"),
        "d26cd95609ed51b6419e3c7d4a066cb9fac7b73117868622f5b7f03998c68568",
    ),
    "Amiri-Bold.ttf": (
        "Bold",
        ("Amiri-Bold.ttf", "700Bold/Amiri_700Bold.ttf"),
        "0cf3c9c5b967adb281a46f17293fe03b1fc05e0538ab4db4a4c2252f45098692",
    ),
}
ARABIC_LICENSE = "OFL-Amiri.txt"
# Licence file names accepted in --arabic-dir (LICENSE_FONT: the npm package).
ARABIC_LICENSE_SOURCES = (ARABIC_LICENSE, "LICENSE_FONT", "OFL.txt")
ARABIC_WHERE = (
    f"Get Amiri 1.002 from the npm package {ARABIC_NPM} (`npm pack "
    f"{ARABIC_NPM}`, unpack, and pass its package/ directory, which has "
    f"400Regular/Amiri_400Regular.ttf and 700Bold/Amiri_700Bold.ttf), or use "
    f"a directory with Amiri-Regular.ttf and Amiri-Bold.ttf"
)
# Layout features that Arabic shaping needs; each must survive in the subset
# (checked).  All features are kept (layout_features "*"); a feature drops out
# only when none of its glyphs is in the subset.  In Amiri 1.002 that is the
# case for `liga` (only Latin f-ligatures: the Arabic ligatures are in `rlig`),
# `locl` (only for the Kashmiri, Malay, Sindhi, Urdu and Turkish language
# systems, not for Arabic), `rtlm`, `numr`, `dnom`, `pnum` and most stylistic
# sets.  Amiri has no `isol` (its default glyphs are the isolated forms) and no
# `calt` (its contextual forms are in `rlig` and `ccmp`).
ARABIC_REQUIRED_FEATURES = {
    "GSUB": ("ccmp", "init", "medi", "fina", "rlig"),
    "GPOS": ("curs", "kern", "mark", "mkmk"),
}

# Code points always included in the Amiri subset (inclusive ranges), as far as
# the font has them.  Amiri comes after Liberation Serif in the Arabic edition's
# font list, so it draws only what Liberation Serif lacks; the ASCII digits and
# punctuation are kept anyway, so that a run of Arabic text with digits and
# punctuation in it can be shaped with one font.  Latin letters are left out.
ARABIC_FIXED_RANGES = (
    (0x060C, 0x060C),  # Arabic comma
    (0x061B, 0x061B),  # Arabic semicolon
    (0x061F, 0x061F),  # Arabic question mark
    (0x0640, 0x0640),  # tatweel (kashida)
    (0x0660, 0x0669),  # Arabic-Indic digits
    (0x0020, 0x0040),  # space, ASCII punctuation, digits
    (0x005B, 0x0060),  # [ \ ] ^ _ `
    (0x007B, 0x007E),  # { | } ~
    (0x00A0, 0x00A0),  # no-break space
    (0x00AB, 0x00AB),  # guillemets
    (0x00BB, 0x00BB),
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x2010, 0x2014),  # hyphens and dashes
    (0x2018, 0x201D),  # quotation marks
    (0x2026, 0x2026),  # ellipsis
    (0x202F, 0x202F),  # narrow no-break space
    (0x25CC, 0x25CC),  # dotted circle (shown for a stray combining mark)
)

# Unicode blocks counted as "Arabic": their characters in the texts go into the
# Amiri subset, and --check checks them against it.
ARABIC_BLOCKS = (
    (0x0600, 0x06FF),    # Arabic
    (0x0750, 0x077F),    # Arabic Supplement
    (0x0870, 0x089F),    # Arabic Extended-B
    (0x08A0, 0x08FF),    # Arabic Extended-A
    (0xFB50, 0xFDFF),    # Arabic Presentation Forms-A
    (0xFE70, 0xFEFE),    # Arabic Presentation Forms-B (without the BOM, U+FEFF)
    (0x10E60, 0x10E7F),  # Rumi Numeral Symbols
    (0x10EC0, 0x10EFF),  # Arabic Extended-C
    (0x1EE00, 0x1EEFF),  # Arabic Mathematical Alphabetic Symbols
)

PARTS = ("noto-cjk", "liberation", "arabic")

# Fixed Unicode blocks always included in the CJK subset (inclusive ranges).
FIXED_RANGES = (
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement (printable part)
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)


def die(msg: str) -> "NoReturn":  # type: ignore[name-defined]
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------
# character sets
# --------------------------------------------------------------------------

def gb2312_chars() -> set[int]:
    """Every character of GB2312, by decoding every two-byte EUC-CN code."""
    out: set[int] = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.update(ord(c) for c in s)
    return out


def fixed_chars(ranges: tuple[tuple[int, int], ...] = FIXED_RANGES) -> set[int]:
    out: set[int] = set()
    for lo, hi in ranges:
        out.update(range(lo, hi + 1))
    return out


def is_arabic(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in ARABIC_BLOCKS)


def relevant(cp: int) -> bool:
    """Characters that need a glyph (not control chars, not a BOM)."""
    return unicodedata.category(chr(cp)) != "Cc" and cp != 0xFEFF


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{path}: not UTF-8 text, skipped")
        return None


def text_files(extra_text: list[Path], quiet: bool = False) -> list[tuple[Path, str]]:
    """(path, label) of every file in TEXT_DIRS, then the extra text files."""
    files: list[tuple[Path, str]] = []
    for d in TEXT_DIRS:
        base = REPO_ROOT / d
        if not base.is_dir():
            if not quiet:
                print(f"note: {d}/ does not exist (yet); skipped", file=sys.stderr)
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                files.append((p, str(p.relative_to(REPO_ROOT))))
    for p in extra_text:
        if not p.is_file():
            die(f"--extra-text {p}: no such file")
        files.append((p, str(p)))
    return files


def used_chars(extra_text: list[Path], quiet: bool = False) -> dict[int, list[str]]:
    """Characters used in TEXT_DIRS and the extra text files.

    Returns code point -> sorted list of (relative) files it occurs in."""
    where: dict[int, set[str]] = {}
    for p, label in text_files(extra_text, quiet):
        text = read_text(p)
        if text is None:
            continue
        for c in set(text):
            cp = ord(c)
            if relevant(cp):
                where.setdefault(cp, set()).add(label)
    return {cp: sorted(v) for cp, v in where.items()}


def _strings(node: object, in_ar: bool):
    """Strings in a parsed TOML document that are (inside) the value of a key
    `ar` -- or all strings, if in_ar is true from the start."""
    if isinstance(node, dict):
        for k in sorted(node):
            yield from _strings(node[k], in_ar or k == "ar")
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, in_ar)
    elif isinstance(node, str) and in_ar:
        yield node


def arabic_texts() -> list[tuple[str, str]]:
    """(file, text) of every `ar` text: the value of an `ar` key
    (`title.ar = "..."`, and `ar = "..."` in list items) in the TOML files
    under sources/, and every string value in templates/locales/ar.toml."""
    try:
        import tomllib  # Python >= 3.11
    except ImportError:  # pragma: no cover - old Python
        warn("tomllib needs Python >= 3.11; the Arabic subset gets only the "
             "Arabic-block characters of the texts")
        return []
    locale = REPO_ROOT / "templates" / "locales" / "ar.toml"
    tomls = [(p, label) for p, label in text_files([], quiet=True)
             if p.suffix == ".toml"
             and (p.is_relative_to(REPO_ROOT / "sources") or p == locale)]
    out: list[tuple[str, str]] = []
    for p, label in tomls:
        text = read_text(p)
        if text is None:
            continue
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            warn(f"{label}: not valid TOML ({e}); only its Arabic-block "
                 f"characters are covered")
            continue
        out.extend((label, s) for s in _strings(doc, in_ar=(p == locale)))
    return out


def for_arabic_font(cp: int) -> bool:
    """Whether a character of an `ar` text goes into the Amiri subset: Arabic
    characters, and digits, punctuation, spaces and format characters of any
    script -- but not the letters of other scripts (Latin letters are drawn
    by Liberation Serif, which comes first in the Arabic edition's font list)."""
    return relevant(cp) and (is_arabic(cp) or not unicodedata.category(chr(cp)).startswith("L"))


def arabic_text_chars(used: dict[int, list[str]],
                      texts: list[tuple[str, str]]) -> dict[int, list[str]]:
    """Characters the Amiri subset must cover beyond its fixed set.

    * every character of an Arabic block used anywhere in TEXT_DIRS and the
      --extra-text files (`used`, from used_chars());
    * every digit, punctuation mark, space and format character (any
      for_arabic_font() character) of the `ar` texts (`texts`, from
      arabic_texts()), so that those inside Arabic text can come from the
      same font.

    Returns code point -> sorted list of files it occurs in."""
    where: dict[int, set[str]] = {cp: set(v) for cp, v in used.items() if is_arabic(cp)}
    for label, s in texts:
        for c in set(s):
            if for_arabic_font(ord(c)):
                where.setdefault(ord(c), set()).add(label)
    return {cp: sorted(v) for cp, v in where.items()}


def describe(cp: int) -> str:
    name = unicodedata.name(chr(cp), "<unnamed>")
    return f"U+{cp:04X} {chr(cp)!r} {name}"


# --------------------------------------------------------------------------
# fonts
# --------------------------------------------------------------------------

def find_face(ttc: Path, family: str) -> int:
    """Index of the face in the collection whose name ID 1 equals family."""
    coll = TTCollection(str(ttc), lazy=True)
    try:
        for i, face in enumerate(coll.fonts):
            if face["name"].getDebugName(1) == family:
                return i
        names = [f["name"].getDebugName(1) for f in coll.fonts]
    finally:
        coll.close()
    die(f"{ttc}: no face with family {family!r} (faces: {names})")


def subset_options(glyph_names: bool = False) -> ft_subset.Options:
    o = ft_subset.Options()
    o.layout_features = ["*"]      # keep all GSUB/GPOS features (locl, halt, palt, kern, vert,
                                   # init, medi, fina, rlig, mark, mkmk, ...)
    o.name_IDs = ["*"]             # keep the whole name table: the family name stays
    o.name_languages = ["*"]
    o.name_legacy = True
    o.notdef_glyph = True
    o.notdef_outline = True
    o.recommended_glyphs = True
    o.hinting = True
    # CJK: CID-keyed CFF, there are none anyway.  Amiri: keep the post table as
    # the source has it (format 3, without glyph names, in Amiri 1.002).
    o.glyph_names = glyph_names
    o.canonical_order = True
    return o


# fontTools packs GSUB/GPOS with HarfBuzz's repacker when the optional uharfbuzz
# module is installed, and with its own serializer otherwise; the bytes differ.
# Always use fontTools' own, so the output does not depend on whether uharfbuzz
# happens to be installed (the pinned files were made that way).
HB_REPACKER = "fontTools.ttLib.tables.otBase:USE_HARFBUZZ_REPACKER"


def save_bytes(font: TTFont) -> bytes:
    try:
        font.cfg[HB_REPACKER] = False
    except (AttributeError, KeyError):  # pragma: no cover - fontTools < 4.33
        pass
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    font.close()
    return buf.getvalue()


def build_noto(src: Path, unicodes: set[int]) -> tuple[bytes, int]:
    index = find_face(src, NOTO_FAMILY)
    font = TTFont(str(src), fontNumber=index, recalcTimestamp=False)
    modified = font["head"].modified
    sub = ft_subset.Subsetter(subset_options())
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    # Determinism: never stamp the current time into head.modified.
    font.recalcTimestamp = False
    font["head"].modified = modified
    data = save_bytes(font)
    # Sanity check on the result.
    chk = TTFont(io.BytesIO(data))
    fam = chk["name"].getDebugName(1)
    if fam != NOTO_FAMILY:
        die(f"subset of {src} has family {fam!r}, expected {NOTO_FAMILY!r}")
    if chk["head"].modified != modified:
        die("head.modified was not preserved")
    return data, index


def name_records(font: TTFont) -> set[tuple]:
    return {(n.platformID, n.platEncID, n.langID, n.nameID, n.string)
            for n in font["name"].names}


def layout_features(font: TTFont, table: str) -> set[str]:
    if table not in font:
        return set()
    return {r.FeatureTag for r in font[table].table.FeatureList.FeatureRecord}


def gsub_features(font: TTFont) -> set[str]:
    return layout_features(font, "GSUB")


def arabic_base_dir(arabic_dir: Path) -> Path:
    """--arabic-dir, or its package/ subdirectory if it is where the unpacked
    npm tarball is (tar xzf puts the files under package/)."""
    names = [n for _, ns, _ in ARABIC_FILES.values() for n in ns]
    if not any((arabic_dir / n).is_file() for n in names) and (arabic_dir / "package").is_dir():
        return arabic_dir / "package"
    return arabic_dir


def find_arabic_source(arabic_dir: Path, names: tuple[str, ...]) -> Path:
    for n in names:
        if (arabic_dir / n).is_file():
            return arabic_dir / n
    die(f"{arabic_dir / names[0]} not found. {ARABIC_WHERE}; "
        f"pass that directory as --arabic-dir")


def build_arabic(src: Path, style: str, unicodes: set[int]) -> tuple[bytes, list[str]]:
    """The Amiri subset, and the source font's glyph name of each of its glyphs
    (by glyph ID; for the shaping check)."""
    font = TTFont(str(src), recalcTimestamp=False)
    fam = font["name"].getDebugName(1)
    sub_fam = font["name"].getDebugName(2)
    if fam != ARABIC_FAMILY or sub_fam != style:
        die(f"{src}: family {fam!r} style {sub_fam!r}, expected {ARABIC_FAMILY!r} "
            f"{style!r}. {ARABIC_WHERE}")
    if "fvar" in font:
        die(f"{src} is a variable font; the static instances are needed. {ARABIC_WHERE}")
    modified = font["head"].modified
    post_format = font["post"].formatType
    source_glyphs = set(font.getGlyphOrder())
    source_names = name_records(font)
    source_features = {t: layout_features(font, t) for t in ARABIC_REQUIRED_FEATURES}
    opts = subset_options(glyph_names=True)
    # "*" alone keeps IDs < 256 and those that the layout tables still refer
    # to; Amiri's IDs 256-263 name its stylistic sets, some of which drop out
    # of the subset.  List every ID explicitly so that all name records are kept.
    opts.name_IDs = ["*"] + sorted({n.nameID for n in font["name"].names})
    sub = ft_subset.Subsetter(opts)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    font.recalcTimestamp = False
    font["head"].modified = modified
    # The glyph order now holds the source's (in-memory) glyph names in the new
    # glyph ID order; saving keeps that order.
    order = list(font.getGlyphOrder())
    data = save_bytes(font)
    # Sanity checks on the result.
    chk = TTFont(io.BytesIO(data))
    got = (chk["name"].getDebugName(1), chk["name"].getDebugName(2))
    if got != (ARABIC_FAMILY, style):
        die(f"subset of {src} has family/style {got!r}, expected "
            f"{(ARABIC_FAMILY, style)!r}")
    if chk["head"].modified != modified:
        die("head.modified was not preserved")
    if name_records(chk) != source_names:
        die(f"subset of {src}: the name table differs from the source's")
    for table, tags in ARABIC_REQUIRED_FEATURES.items():
        lost = [t for t in tags if t not in layout_features(chk, table)]
        if lost:
            die(f"subset of {src} lacks {table} feature(s) {', '.join(lost)}"
                + (" (the source lacks them too)"
                   if not set(lost) & source_features[table] else ""))
    if chk["post"].formatType != post_format:
        die(f"subset of {src}: post table format {chk['post'].formatType}, "
            f"the source's is {post_format}")
    if order[0] != ".notdef" or not set(order) <= source_glyphs or len(order) != len(chk.getGlyphOrder()):
        die(f"subset of {src}: glyph order differs from the source's")
    # With a format 2 post table the names are stored: they must be the source's.
    if post_format == 2 and chk.getGlyphOrder() != order:
        die(f"subset of {src}: glyph names differ from the source's")
    return data, order


def check_shaping(src: Path, data: bytes, order: list[str],
                  texts: list[tuple[str, str]]) -> str:
    """Shape every `ar` text with the full font and with the subset; die if
    glyphs, clusters, advances or offsets differ.  Runs of characters the
    subset does not have (Latin letters, drawn by Liberation Serif) are left
    out, as they are not set in Amiri.  Returns a summary, or a note if
    uharfbuzz is not installed."""
    try:
        import uharfbuzz as hb
    except ImportError:
        return "uharfbuzz not installed: shaping not checked"
    full_font = hb.Font(hb.Face(src.read_bytes()))
    sub_font = hb.Font(hb.Face(data))
    cmap = set(TTFont(io.BytesIO(data), lazy=True).getBestCmap())
    source_order = TTFont(str(src), lazy=True).getGlyphOrder()

    def shape(font: "hb.Font", run: str, names: list[str]) -> list[tuple]:
        buf = hb.Buffer()
        buf.add_str(run)
        buf.direction = "rtl"
        buf.script = "Arab"
        buf.language = "ar"
        hb.shape(font, buf, {})
        return [(names[i.codepoint], i.cluster, p.x_advance, p.y_advance,
                 p.x_offset, p.y_offset)
                for i, p in zip(buf.glyph_infos, buf.glyph_positions)]

    runs = 0
    for label, text in texts:
        run = ""
        for c in text + "\0":
            if ord(c) in cmap:
                run += c
                continue
            if run.strip():
                runs += 1
                a = shape(full_font, run, source_order)
                b = shape(sub_font, run, order)
                if a != b:
                    die(f"{label}: {run!r} shapes differently with the subset "
                        f"of {src.name} than with the full font:\n  full:   {a}\n"
                        f"  subset: {b}")
            run = ""
    return f"shaping checked with HarfBuzz {hb.__version__}: {runs} runs of {len(texts)} `ar` texts identical"


def cmap_of(path: Path) -> set[int]:
    f = TTFont(str(path), lazy=True)
    try:
        return set(f.getBestCmap())
    finally:
        f.close()


def dpkg_version(pkg: str) -> str | None:
    if shutil.which("dpkg-query") is None:
        return None
    import subprocess
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, data: bytes) -> str:
    if path.is_file() and path.read_bytes() == data:
        return "unchanged"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return "written"


# --------------------------------------------------------------------------
# modes
# --------------------------------------------------------------------------

def check_arabic(out_dir: Path, used: dict[int, list[str]]) -> tuple[bool, int] | None:
    """Check the Arabic-block characters of the texts against the pinned Amiri
    subsets.  None if they are not there; else (ok, count)."""
    paths = [out_dir / n for n in ARABIC_FILES]
    present = [p for p in paths if p.is_file()]
    if not present:
        return None
    for p in paths:
        if not p.is_file():
            die(f"{p} is missing (but {present[0].name} is there); run "
                f"templates/fonts/subset.py --only arabic --arabic-dir DIR")
    covered = None
    for p in paths:
        cm = cmap_of(p)
        covered = cm if covered is None else covered & cm
    arabic = {cp: v for cp, v in used.items() if is_arabic(cp)}
    missing = sorted(cp for cp in arabic if cp not in covered)
    print(f"checked {len(arabic)} distinct Arabic-block characters against "
          f"{', '.join(p.name for p in paths)}")
    # Digits and punctuation of the `ar` texts that a re-run would add: not an
    # error (Liberation Serif, first in the font list, has the common ones, and
    # the CJK check below covers the rest), but the pinned subsets are stale.
    stale = sorted(cp for cp in arabic_text_chars({}, arabic_texts())
                   if cp not in covered and not is_arabic(cp))
    if stale:
        print(f"note: {len(stale)} character(s) of the `ar` texts are not in the Amiri "
              f"subsets (re-running templates/fonts/subset.py --only arabic "
              f"--arabic-dir DIR would add them, if Amiri has them): "
              + " ".join(f"U+{cp:04X}" for cp in stale))
    if not missing:
        print("ok: every Arabic-block character is in the pinned Amiri subsets")
        return True, len(arabic)
    print(f"{len(missing)} Arabic-block character(s) missing from the pinned Amiri "
          f"subsets (re-run templates/fonts/subset.py --only arabic "
          f"--arabic-dir DIR; characters that the full font lacks need a different fix):")
    for cp in missing:
        files = arabic[cp]
        shown = ", ".join(files[:3]) + (f", ... (+{len(files) - 3})" if len(files) > 3 else "")
        print(f"  {describe(cp)}  in: {shown}")
    return False, len(arabic)


def do_check(out_dir: Path, noto_dir: Path, extra: list[Path], parts: set[str]) -> int:
    if not parts & {"noto-cjk", "arabic"}:
        print("note: the Liberation Serif fonts are unmodified copies; nothing to check")
        return 0
    used = used_chars(extra)
    arabic = check_arabic(out_dir, used) if "arabic" in parts else None
    if "arabic" in parts and arabic is None:
        print(f"note: no {' / '.join(ARABIC_FILES)} in {out_dir}; Arabic-block "
              f"characters are checked against the CJK subsets")
    if "noto-cjk" not in parts:
        if arabic is None:
            die(f"{out_dir / next(iter(ARABIC_FILES))} is missing; run "
                f"templates/fonts/subset.py --only arabic --arabic-dir DIR")
        return 0 if arabic[0] else 1
    cjk_ok = check_cjk(out_dir, noto_dir, used, skip_arabic=arabic is not None)
    return 0 if cjk_ok and (arabic is None or arabic[0]) else 1


def check_cjk(out_dir: Path, noto_dir: Path, used: dict[int, list[str]],
              skip_arabic: bool) -> bool:
    paths = [out_dir / n for n in NOTO_FILES]
    for p in paths:
        if not p.is_file():
            die(f"{p} is missing; run templates/fonts/subset.py to generate it")
    covered = None
    for p in paths:
        cm = cmap_of(p)
        covered = cm if covered is None else covered & cm
    lib = None
    for n in LIBERATION_FILES:
        p = out_dir / n
        if p.is_file():
            cm = cmap_of(p)
            lib = cm if lib is None else lib & cm
    # Arabic-block characters are the Amiri subsets' job (checked above).
    cjk_used = {cp: v for cp, v in used.items() if not (skip_arabic and is_arabic(cp))}
    # What Liberation Serif prints (Latin accents, Cyrillic) needs no CJK
    # glyph: the editions list Liberation Serif first.
    missing = sorted(cp for cp in cjk_used if cp not in covered and not (lib and cp in lib))
    # If the Debian source font is at hand, say which gaps a re-subset fixes.
    source = None
    src_path = noto_dir / NOTO_FILES["NotoSerifCJKsc-Regular.otf"]
    if missing and src_path.is_file():
        face = TTFont(str(src_path), fontNumber=find_face(src_path, NOTO_FAMILY), lazy=True)
        source = set(face.getBestCmap())
        face.close()
    skipped = len(used) - len(cjk_used)
    print(f"checked {len(cjk_used)} distinct characters against "
          f"{', '.join(p.name for p in paths)}"
          + (f" ({skipped} Arabic-block characters checked against Amiri "
             f"instead)" if skipped else ""))
    if not missing:
        print("ok: every character is in the pinned Noto Serif CJK SC subsets")
        return True
    print(f"{len(missing)} character(s) missing from the pinned Noto Serif CJK SC "
          f"subsets (re-run templates/fonts/subset.py; characters that the full "
          f"Noto face lacks need a different fix):")
    for cp in missing:
        note = ""
        if source is not None:
            note += (" [in the full Noto face: re-subset fixes it]" if cp in source
                     else " [NOT in the full Noto face either]")
        if lib and cp in lib:
            note += " [present in pinned Liberation Serif]"
        files = used[cp]
        shown = ", ".join(files[:3]) + (f", ... (+{len(files) - 3})" if len(files) > 3 else "")
        print(f"  {describe(cp)}{note}  in: {shown}")
    return False


def do_build(noto_dir: Path, lib_dir: Path, arabic_dir: Path | None, out_dir: Path,
             extra: list[Path], parts: set[str]) -> int:
    hint = ("; or use --only arabic to regenerate just the Arabic fonts"
            if "arabic" in parts else "")
    # Fail early, with the package name, if the source fonts are not there.
    if "noto-cjk" in parts:
        for name in NOTO_FILES.values():
            if not (noto_dir / name).is_file():
                die(f"{noto_dir / name} not found. It is provided by the Debian package "
                    f"{NOTO_PACKAGE} (apt-get install {NOTO_PACKAGE}); "
                    f"or point --noto-dir at a directory containing {name}{hint}")
    if "liberation" in parts:
        for name in LIBERATION_FILES:
            if not (lib_dir / name).is_file():
                die(f"{lib_dir / name} not found. It is provided by the Debian package "
                    f"{LIBERATION_PACKAGE} (apt-get install {LIBERATION_PACKAGE}); "
                    f"or point --liberation-dir at a directory containing {name}{hint}")
    arabic_src: dict[str, Path] = {}
    if "arabic" in parts:
        if arabic_dir is None:
            die(f"--only arabic needs --arabic-dir DIR. {ARABIC_WHERE}")
        if not arabic_dir.is_dir():
            die(f"--arabic-dir {arabic_dir}: no such directory. {ARABIC_WHERE}")
        arabic_dir = arabic_base_dir(arabic_dir)
        for out_name, (_, names, _) in ARABIC_FILES.items():
            arabic_src[out_name] = find_arabic_source(arabic_dir, names)
    for pkg, part in ((NOTO_PACKAGE, "noto-cjk"), (LIBERATION_PACKAGE, "liberation")):
        v = dpkg_version(pkg) if part in parts else None
        if v:
            print(f"{pkg} {v}")
    out_dir.mkdir(parents=True, exist_ok=True)

    used = used_chars(extra)
    if "noto-cjk" in parts:
        build_cjk_part(noto_dir, out_dir, used)
    if "liberation" in parts:
        for name in LIBERATION_FILES:
            data = (lib_dir / name).read_bytes()
            state = write_if_changed(out_dir / name, data)
            print(f"{name}: copied, {len(data)} bytes, sha256 {sha256(data)} ({state})")
    if "arabic" in parts:
        build_arabic_part(arabic_dir, arabic_src, out_dir, used)
    print(f"(fontTools {fontTools.version})")
    return 0


def build_arabic_part(arabic_dir: Path, sources: dict[str, Path], out_dir: Path,
                      used: dict[int, list[str]]) -> None:
    texts = arabic_texts()
    text = arabic_text_chars(used, texts)
    base = fixed_chars(ARABIC_FIXED_RANGES)
    unicodes = base | set(text)
    print(f"Amiri subset: {len(base)} code points from the fixed ranges, "
          f"{len(text)} distinct characters from Arabic text, "
          f"{len(unicodes)} total requested")
    for out_name, (style, _, want_sha) in ARABIC_FILES.items():
        src = sources[out_name]
        raw = src.read_bytes()
        src_font = TTFont(io.BytesIO(raw), lazy=True)
        version = src_font["name"].getDebugName(5)
        src_features = {t: layout_features(src_font, t) for t in ("GSUB", "GPOS")}
        print(f"{src}: {version}, {len(raw)} bytes, sha256 {sha256(raw)}")
        if sha256(raw) != want_sha or version != ARABIC_VERSION:
            warn(f"{src} is not the file from {ARABIC_NPM} ({ARABIC_VERSION}); the "
                 f"output will differ from the pinned one, so update "
                 f"templates/fonts/README.md (and ARABIC_FILES in this script)")
        data, order = build_arabic(src, style, unicodes)
        state = write_if_changed(out_dir / out_name, data)
        f = TTFont(io.BytesIO(data), lazy=True)
        cmap = set(f.getBestCmap())
        glyphs = len(f.getGlyphOrder())
        print(f"{out_name}: {ARABIC_FAMILY} {style}, {len(data)} bytes, "
              f"{len(cmap)} code points, {glyphs} glyphs, "
              f"GSUB {' '.join(sorted(layout_features(f, 'GSUB')))}, "
              f"GPOS {' '.join(sorted(layout_features(f, 'GPOS')))}, "
              f"sha256 {sha256(data)} ({state})")
        dropped = [f"{t} {tag}" for t in ("GSUB", "GPOS")
                   for tag in sorted(src_features[t] - layout_features(f, t))]
        if dropped:
            print(f"{out_name}: features without any glyph in the subset, dropped: "
                  f"{', '.join(dropped)}")
        for cp in sorted(cp for cp in text if is_arabic(cp) and cp not in cmap):
            warn(f"{out_name}: {describe(cp)} is used in "
                 f"{', '.join(text[cp][:3])} but not in the source font")
        print(f"{out_name}: {check_shaping(src, data, order, texts)}")
    for name in ARABIC_LICENSE_SOURCES:
        lic = arabic_dir / name
        if lic.is_file():
            data = lic.read_bytes()
            state = write_if_changed(out_dir / ARABIC_LICENSE, data)
            print(f"{ARABIC_LICENSE}: copied from {lic}, {len(data)} bytes ({state})")
            break
    else:
        if not (out_dir / ARABIC_LICENSE).is_file():
            warn(f"no licence ({' / '.join(ARABIC_LICENSE_SOURCES)}) in {arabic_dir} and "
                 f"no {out_dir / ARABIC_LICENSE}: the OFL text must be shipped "
                 f"with the fonts")


def build_cjk_part(noto_dir: Path, out_dir: Path, used: dict[int, list[str]]) -> None:
    base = gb2312_chars() | fixed_chars()
    unicodes = base | set(used)
    print(f"subset: {len(base)} code points from GB2312 + fixed blocks, "
          f"{len(used)} distinct characters from text, {len(unicodes)} total requested")

    for out_name, src_name in NOTO_FILES.items():
        data, index = build_noto(noto_dir / src_name, unicodes)
        state = write_if_changed(out_dir / out_name, data)
        cmap = set(TTFont(io.BytesIO(data), lazy=True).getBestCmap())
        absent = sorted(cp for cp in used if cp not in cmap)
        print(f"{out_name}: face {index} of {src_name}, {len(data)} bytes, "
              f"{len(cmap)} code points, sha256 {sha256(data)} ({state})")
        arabic = [cp for cp in absent if is_arabic(cp)]
        if arabic:
            print(f"{out_name}: {len(arabic)} Arabic-block character(s) of the texts "
                  f"are not in it (Amiri covers those)")
        for cp in absent:
            if not is_arabic(cp):
                warn(f"{out_name}: {describe(cp)} is used in "
                     f"{', '.join(used[cp][:3])} but not in the source font")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Regenerate (or --check) the pinned fonts in templates/fonts/.")
    ap.add_argument("--noto-dir", type=Path, default=DEFAULT_NOTO_DIR,
                    help=f"directory with NotoSerifCJK-{{Regular,Bold}}.ttc "
                         f"(Debian {NOTO_PACKAGE}; default: %(default)s)")
    ap.add_argument("--liberation-dir", type=Path, default=DEFAULT_LIBERATION_DIR,
                    help=f"directory with LiberationSerif-*.ttf "
                         f"(Debian {LIBERATION_PACKAGE}; default: %(default)s)")
    ap.add_argument("--arabic-dir", type=Path, default=None,
                    help="directory with the Amiri 1.002 fonts "
                         "Amiri-{Regular,Bold}.ttf, or the unpacked npm "
                         f"package {ARABIC_NPM} (its package/ directory, or the "
                         "directory holding package/); without it the Arabic fonts are "
                         "left as they are")
    ap.add_argument("--only", action="append", choices=PARTS, metavar="PART",
                    help=f"regenerate (or --check) only this part: {', '.join(PARTS)}; "
                         "repeatable (default: noto-cjk and liberation, plus "
                         "arabic if --arabic-dir is given)")
    ap.add_argument("--extra-text", type=Path, action="append", default=[],
                    metavar="FILE",
                    help="also cover every character of FILE (UTF-8); repeatable")
    ap.add_argument("--out-dir", type=Path, default=FONT_DIR,
                    help="where to write / look for the pinned fonts (default: this "
                         "script's directory)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 listing characters used in "
                         f"{' and '.join(d + '/' for d in TEXT_DIRS)} (and --extra-text "
                         "files) that the pinned subsets lack")
    args = ap.parse_args(argv)
    if args.only:
        parts = set(args.only)
    elif args.check:
        parts = set(PARTS)
    else:
        parts = {"noto-cjk", "liberation"} | ({"arabic"} if args.arabic_dir else set())
    if args.check:
        return do_check(args.out_dir, args.noto_dir, args.extra_text, parts)
    return do_build(args.noto_dir, args.liberation_dir, args.arabic_dir, args.out_dir,
                    args.extra_text, parts)


if __name__ == "__main__":
    sys.exit(main())
