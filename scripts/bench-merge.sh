#!/usr/bin/env bash
# Times the whole `redline merge` command (load the project, read the copy,
# merge, save) on the merge benchmark's fixture: a ~1 MB policy sent for
# review, the draft then edited 300 times, and the reviewer's .docx copy
# with 500 comments, 500 tracked changes and 300 untracked edits. Release
# build, one hyperfine run; each run starts from the same project file.
#
# Needs: hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin redline --example write_rounds_fixture
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./target/release/examples/write_rounds_fixture "$tmp"
cp "$tmp/project.redline.ron" "$tmp/pristine.ron"
cd "$tmp"
REDLINE_USER="Maren Oyelaran-Fisk" hyperfine --warmup 3 --runs 30 \
    --prepare 'cp pristine.ron project.redline.ron; rm -f project.redline.ron.bak' \
    -n "redline merge (1 MB copy, 500 comments, 500 tracked, 300 untracked)" \
    "$OLDPWD/target/release/redline merge project.redline.ron copy.docx"
