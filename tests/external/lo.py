"""LibreOffice as an outside reader, shared by the checks in this folder."""

import subprocess
from pathlib import Path


def to_pdf(docx: Path, outdir: str) -> Path:
    """Converts a DOCX file to PDF with LibreOffice into `outdir`; the PDF,
    or SystemExit naming the file if LibreOffice wrote none."""
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", outdir, str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = Path(outdir) / (docx.stem + ".pdf")
    if not pdf.exists():
        print(f"FAIL: {docx.name}: LibreOffice wrote no PDF")
        raise SystemExit(1)
    return pdf
