#!/usr/bin/env python3
"""Regenerate the pinned report fonts in templates/fonts/.

* NotoSerifCJKsc-{Regular,Bold}.otf -- the "Noto Serif CJK SC" face extracted
  from Debian's fonts-noto-cjk collections (NotoSerifCJK-{Regular,Bold}.ttc)
  and subset with fontTools to GB2312 + Latin/punctuation blocks + every
  character used in sources/, templates/locales/ and any --extra-text file.
* LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf -- byte-for-byte copies
  from Debian's fonts-liberation2.

The output is deterministic: the same inputs give byte-identical files
(head.modified is pinned to the source face's value; nothing else in the
output depends on the clock or on file-system order).

With --check nothing is written: the script lists every character used in
sources/ and templates/locales/ (and --extra-text files) that the pinned Noto
subsets lack, and exits 1 if there is any.  The Debian source fonts are not
needed for --check.

Only the Python standard library and fontTools are used.
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

# Fixed Unicode blocks always included (inclusive ranges).
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


def fixed_chars() -> set[int]:
    out: set[int] = set()
    for lo, hi in FIXED_RANGES:
        out.update(range(lo, hi + 1))
    return out


def relevant(cp: int) -> bool:
    """Characters that need a glyph (not control chars, not a BOM)."""
    return unicodedata.category(chr(cp)) != "Cc" and cp != 0xFEFF


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{path}: not UTF-8 text, skipped")
        return None


def used_chars(extra_text: list[Path]) -> dict[int, list[str]]:
    """Characters used in TEXT_DIRS and the extra text files.

    Returns code point -> sorted list of (relative) files it occurs in."""
    where: dict[int, set[str]] = {}
    files: list[tuple[Path, str]] = []
    for d in TEXT_DIRS:
        base = REPO_ROOT / d
        if not base.is_dir():
            print(f"note: {d}/ does not exist (yet); skipped", file=sys.stderr)
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                files.append((p, str(p.relative_to(REPO_ROOT))))
    for p in extra_text:
        if not p.is_file():
            die(f"--extra-text {p}: no such file")
        files.append((p, str(p)))
    for p, label in files:
        text = read_text(p)
        if text is None:
            continue
        for c in set(text):
            cp = ord(c)
            if relevant(cp):
                where.setdefault(cp, set()).add(label)
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


def subset_options() -> ft_subset.Options:
    o = ft_subset.Options()
    o.layout_features = ["*"]      # keep all GSUB/GPOS features (locl, halt, palt, kern, vert, ...)
    o.name_IDs = ["*"]             # keep the whole name table: family stays "Noto Serif CJK SC"
    o.name_languages = ["*"]
    o.name_legacy = True
    o.notdef_glyph = True
    o.notdef_outline = True
    o.recommended_glyphs = True
    o.hinting = True
    o.glyph_names = False          # CID-keyed CFF, there are none anyway
    o.canonical_order = True
    return o


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
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    font.close()
    data = buf.getvalue()
    # Sanity check on the result.
    chk = TTFont(io.BytesIO(data))
    fam = chk["name"].getDebugName(1)
    if fam != NOTO_FAMILY:
        die(f"subset of {src} has family {fam!r}, expected {NOTO_FAMILY!r}")
    if chk["head"].modified != modified:
        die("head.modified was not preserved")
    return data, index


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

def do_check(out_dir: Path, noto_dir: Path, extra: list[Path]) -> int:
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
    used = used_chars(extra)
    missing = sorted(cp for cp in used if cp not in covered)
    # If the Debian source font is at hand, say which gaps a re-subset fixes.
    source = None
    src_path = noto_dir / NOTO_FILES["NotoSerifCJKsc-Regular.otf"]
    if missing and src_path.is_file():
        face = TTFont(str(src_path), fontNumber=find_face(src_path, NOTO_FAMILY), lazy=True)
        source = set(face.getBestCmap())
        face.close()
    print(f"checked {len(used)} distinct characters against "
          f"{', '.join(p.name for p in paths)}")
    if not missing:
        print("ok: every character is in the pinned Noto Serif CJK SC subsets")
        return 0
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
    return 1


def do_build(noto_dir: Path, lib_dir: Path, out_dir: Path, extra: list[Path]) -> int:
    # Fail early, with the package name, if the Debian fonts are not there.
    for name in NOTO_FILES.values():
        if not (noto_dir / name).is_file():
            die(f"{noto_dir / name} not found. It is provided by the Debian package "
                f"{NOTO_PACKAGE} (apt-get install {NOTO_PACKAGE}); "
                f"or point --noto-dir at a directory containing {name}")
    for name in LIBERATION_FILES:
        if not (lib_dir / name).is_file():
            die(f"{lib_dir / name} not found. It is provided by the Debian package "
                f"{LIBERATION_PACKAGE} (apt-get install {LIBERATION_PACKAGE}); "
                f"or point --liberation-dir at a directory containing {name}")
    for pkg in (NOTO_PACKAGE, LIBERATION_PACKAGE):
        v = dpkg_version(pkg)
        if v:
            print(f"{pkg} {v}")
    out_dir.mkdir(parents=True, exist_ok=True)

    used = used_chars(extra)
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
        for cp in absent:
            warn(f"{out_name}: {describe(cp)} is used in "
                 f"{', '.join(used[cp][:3])} but not in the source font")

    for name in LIBERATION_FILES:
        data = (lib_dir / name).read_bytes()
        state = write_if_changed(out_dir / name, data)
        print(f"{name}: copied, {len(data)} bytes, sha256 {sha256(data)} ({state})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Regenerate (or --check) the pinned fonts in templates/fonts/.")
    ap.add_argument("--noto-dir", type=Path, default=DEFAULT_NOTO_DIR,
                    help=f"directory with NotoSerifCJK-{{Regular,Bold}}.ttc "
                         f"(Debian {NOTO_PACKAGE}; default: %(default)s)")
    ap.add_argument("--liberation-dir", type=Path, default=DEFAULT_LIBERATION_DIR,
                    help=f"directory with LiberationSerif-*.ttf "
                         f"(Debian {LIBERATION_PACKAGE}; default: %(default)s)")
    ap.add_argument("--extra-text", type=Path, action="append", default=[],
                    metavar="FILE",
                    help="also cover every character of FILE (UTF-8); repeatable")
    ap.add_argument("--out-dir", type=Path, default=FONT_DIR,
                    help="where to write / look for the pinned fonts (default: this "
                         "script's directory)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 listing characters used in "
                         f"{' and '.join(d + '/' for d in TEXT_DIRS)} (and --extra-text "
                         "files) that the pinned Noto subsets lack")
    args = ap.parse_args(argv)
    if args.check:
        return do_check(args.out_dir, args.noto_dir, args.extra_text)
    return do_build(args.noto_dir, args.liberation_dir, args.out_dir, args.extra_text)


if __name__ == "__main__":
    sys.exit(main())
