#!/usr/bin/env bash
# Imports the same .docx (500 comments, 500 tracked changes) with Redline and
# with pandoc, paired in one hyperfine run. Goal: Redline at most 1/100 of
# pandoc's time.
#
#   scripts/bench-docx-vs-pandoc.sh [OUT_DIR]     (default target/docx-bench)
#
# Needs hyperfine and pandoc on PATH. Writes OUT_DIR/review-500.docx and
# OUT_DIR/hyperfine.md (the table) and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir="${1:-target/docx-bench}"
runs="${RUNS:-10}"
hyperfine="${HYPERFINE:-hyperfine}"
for tool in "$hyperfine" pandoc; do
    command -v "$tool" >/dev/null || { echo "bench-docx-vs-pandoc: $tool is not installed" >&2; exit 1; }
done

cargo build --release --example write_docx_fixture --example import_docx
mkdir -p "$out_dir"
file="$out_dir/review-500.docx"
target/release/examples/write_docx_fixture "$file"
target/release/examples/import_docx "$file"

"$hyperfine" --shell=none --warmup 2 --runs "$runs" --export-markdown "$out_dir/hyperfine.md" \
    --command-name redline "target/release/examples/import_docx $file" \
    --command-name pandoc "pandoc --track-changes=all -f docx -t json $file"
cat "$out_dir/hyperfine.md"
