#!/usr/bin/env bash
# Times `redline diff` against `git diff --no-index --word-diff=porcelain` on
# the stress pair (two ~1 MB policies from the generator, 300 word edits and
# 5 moved paragraphs), in one hyperfine run, release build. Prints
# hyperfine's table and the ratio of the medians; the third row is the cost
# of starting the `redline` process at all. An argument SCALE (default 1)
# makes the pair that many times larger (paragraphs, edits and moves).
#
# Needs: hyperfine, git, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin redline --example write_pair
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./target/release/examples/write_pair "$tmp/old.txt" "$tmp/new.txt" "${1:-1}"

# Both exit 1 when the files differ, hence -i; hyperfine discards their output.
hyperfine --warmup 3 --runs 20 -N -i \
    --export-markdown "$tmp/table.md" --export-json "$tmp/times.json" \
    -n "git diff --word-diff" "git diff --no-index --word-diff=porcelain $tmp/old.txt $tmp/new.txt" \
    -n "redline diff" "./target/release/redline diff $tmp/old.txt $tmp/new.txt" \
    -n "redline start-up only (--version)" "./target/release/redline --version" >/dev/null
cat "$tmp/table.md"
python3 - "$tmp/times.json" <<'PY'
import json, sys
results = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
git, ours = results["git diff --word-diff"], results["redline diff"]
print(f"median git: {git*1000:.2f} ms, median redline: {ours*1000:.2f} ms: redline takes 1/{git/ours:.1f} of git's time")
PY
