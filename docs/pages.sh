#!/usr/bin/env bash
# Renders the pictures the README shows, from a fresh release build: page 1
# of every edition, and page 2 of the parallel Chinese-English edition as a
# PDF and, through LibreOffice, as a DOCX. Needs poppler-utils (pdftoppm)
# and LibreOffice with the pinned fonts installed for the user (see
# .ci/run).
#
#   bash docs/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin=(cargo run --quiet --locked --release --)
"${bin[@]}" build --format pdf --out "$out" --quiet
"${bin[@]}" build --parallel zh,en --out "$out" --quiet
rm -f docs/pages/*.png
for pdf in "$out"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  letters=${name##*-}
  if [ ${#letters} -eq 1 ]; then
    pdftoppm -r 24 -f 1 -l 1 -singlefile -png "$pdf" "docs/pages/page1-$letters"
  else
    pdftoppm -r 40 -f 2 -l 2 -singlefile -png "$pdf" "docs/pages/parallel-$letters-pdf"
  fi
done
libreoffice --headless --convert-to pdf --outdir "$out/lo" "$out"/*-CE.docx >/dev/null
pdftoppm -r 40 -f 2 -l 2 -singlefile -png "$out"/lo/*-CE.pdf docs/pages/parallel-CE-docx
ls docs/pages
