#!/usr/bin/env bash
# The formatted stress document as .docx (500 comments, 500 tracked changes,
# bold and italic terms, links, nested numbered lists, tables, footnotes),
# imported three ways, paired in hyperfine runs:
#
#   1. the importer alone (examples/import_docx: read, parse, build the
#      project's parts) against `pandoc -f docx -t json`;
#   2. the whole `redline import FILE -o PROJECT` command (the project file
#      written) against the same pandoc run.
#
# Goals (issue 14): the importer in process at most 1/100 of pandoc (the
# in-process figure comes from `cargo bench --bench docx_import`, which this
# script runs too); the whole import command at most 1/50 of pandoc.
#
#   scripts/bench-docx-vs-pandoc.sh [OUT_DIR]     (default target/docx-bench)
#
# Needs hyperfine and pandoc on PATH. Writes OUT_DIR/stress-500.docx and
# OUT_DIR/hyperfine-*.md (the tables) and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir="${1:-target/docx-bench}"
runs="${RUNS:-10}"
hyperfine="${HYPERFINE:-hyperfine}"
for tool in "$hyperfine" pandoc; do
    command -v "$tool" >/dev/null || { echo "bench-docx-vs-pandoc: $tool is not installed" >&2; exit 1; }
done

cargo build --release --example write_docx_fixture --example import_docx --bin redline
mkdir -p "$out_dir"
file="$out_dir/stress-500.docx"
project="$out_dir/stress-500.redline.ron"
target/release/examples/write_docx_fixture "$file"
target/release/examples/import_docx "$file"

"$hyperfine" --shell=none --warmup 2 --runs "$runs" --export-markdown "$out_dir/hyperfine-importer.md" \
    --command-name "redline importer" "target/release/examples/import_docx $file" \
    --command-name pandoc "pandoc --track-changes=all -f docx -t json $file"
# A first import: the project file does not exist yet (no backup to keep).
"$hyperfine" --shell=none --warmup 2 --runs "$runs" --export-markdown "$out_dir/hyperfine-import.md" \
    --prepare "rm -f $project $project.bak" \
    --command-name "redline import" "target/release/redline import $file -o $project" \
    --command-name pandoc "pandoc --track-changes=all -f docx -t json $file"
cat "$out_dir/hyperfine-importer.md" "$out_dir/hyperfine-import.md"

# The importer in process, for the 1/100 goal.
cargo bench --bench docx_import -- --warm-up-time 1 --measurement-time 5
