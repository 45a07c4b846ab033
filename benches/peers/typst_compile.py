"""The typst compiler as a peer of tdag-report, through typst-py.

The PyPI package `typst` (typst-py) is the Typst compiler built as a
Python extension module, not the `typst` command-line program; this
script gives it the command line's arguments for the one job the
benchmark asks of it:

    typst_compile.py --root DIR --font-path DIR --creation-timestamp SECONDS
                     [--pdf-standard a-2b,ua-1] INPUT.typ OUTPUT.pdf

System fonts are always ignored, as with `typst compile
--ignore-system-fonts`. `--version` prints the compiler's version.
The interpreter's start and the import of the module are part of what the
benchmark times; it measures them alone too and says how long they take.
"""

import argparse
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="typst_compile.py")
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--root")
    parser.add_argument("--font-path", action="append", default=[])
    parser.add_argument("--creation-timestamp", type=int)
    parser.add_argument("--pdf-standard", default="")
    parser.add_argument("input", nargs="?")
    parser.add_argument("output", nargs="?")
    args = parser.parse_args()
    if args.version:
        from importlib.metadata import version

        print(f"typst-py {version('typst')}")
        return 0
    if not args.input or not args.output:
        parser.error("INPUT and OUTPUT are required")
    import typst

    standards = [s for s in args.pdf_standard.split(",") if s]
    try:
        typst.compile(
            args.input,
            output=args.output,
            root=args.root,
            font_paths=args.font_path,
            ignore_system_fonts=True,
            pdf_standards=standards,
            timestamp=args.creation_timestamp,
        )
    except typst.TypstError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
