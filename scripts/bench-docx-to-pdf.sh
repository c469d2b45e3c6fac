#!/usr/bin/env bash
# The formatted stress document as .docx (500 comments, 500 tracked changes,
# formatting, lists, tables, notes) turned into a PDF by whole processes,
# paired in one hyperfine run:
#
#   redline:     `redline import FILE -o PROJECT` then `redline export PROJECT --format pdf`
#   LibreOffice: `soffice --headless --convert-to pdf FILE` (its own profile,
#                created by the warm-up runs, so no run pays for a first start)
#
# Goal (issue 14): redline at most 1/50 of LibreOffice.
#
#   scripts/bench-docx-to-pdf.sh [OUT_DIR]     (default target/docx-bench)
#
# Needs hyperfine and soffice (libreoffice-writer-nogui) on PATH. Writes
# OUT_DIR/hyperfine-pdf.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir="$(realpath -m "${1:-target/docx-bench}")"
runs="${RUNS:-10}"
hyperfine="${HYPERFINE:-hyperfine}"
for tool in "$hyperfine" soffice; do
    command -v "$tool" >/dev/null || { echo "bench-docx-to-pdf: $tool is not installed" >&2; exit 1; }
done

cargo build --release --example write_docx_fixture --bin redline
mkdir -p "$out_dir/redline" "$out_dir/libreoffice"
file="$out_dir/stress-500.docx"
target/release/examples/write_docx_fixture "$file"
redline="$(realpath target/release/redline)"
profile="file://$out_dir/libreoffice-profile"

# Each run starts from the .docx alone (a first import, a first export).
"$hyperfine" --warmup 2 --runs "$runs" --export-markdown "$out_dir/hyperfine-pdf.md" \
    --prepare "rm -f $out_dir/redline/stress.redline.ron $out_dir/redline/stress.redline.ron.bak $out_dir/redline/stress.pdf" \
    --command-name "redline import + export pdf" \
    "$redline import $file -o $out_dir/redline/stress.redline.ron >/dev/null && $redline export $out_dir/redline/stress.redline.ron --format pdf -o $out_dir/redline/stress.pdf >/dev/null" \
    --command-name "libreoffice --convert-to pdf" \
    "soffice -env:UserInstallation=$profile --headless --norestore --convert-to pdf --outdir $out_dir/libreoffice $file >/dev/null 2>&1"
cat "$out_dir/hyperfine-pdf.md"
# The --prepare step ran before LibreOffice's runs too: make the PDF once
# more to show what was timed.
rm -f "$out_dir/redline/stress.redline.ron"
"$redline" import "$file" -o "$out_dir/redline/stress.redline.ron" >/dev/null 2>&1
"$redline" export "$out_dir/redline/stress.redline.ron" --format pdf --force -o "$out_dir/redline/stress.pdf" >/dev/null 2>&1
pdfinfo "$out_dir/redline/stress.pdf" | grep -E "Pages|Tagged"
