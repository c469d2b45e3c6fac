#!/usr/bin/env bash
# Times Redline's compare against `git diff --no-index --word-diff=porcelain`
# on the 1 MB benchmark pair (8,000 paragraphs, 300 word edits, 5 moves), in
# one hyperfine run, release build. Prints hyperfine's table and both medians.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/helpers/target}"

cargo build --release --quiet --example write_pair --example compare_files
bin="$CARGO_TARGET_DIR/release/examples"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin/write_pair" "$tmp/old.txt" "$tmp/new.txt"
"$bin/compare_files" "$tmp/old.txt" "$tmp/new.txt"

# -N (no shell) when this hyperfine has it; hyperfine discards the commands'
# output itself, which stands for `> /dev/null`. git exits 1 when the files
# differ, hence -i.
shell_args=()
if hyperfine --help | grep -qE '^\s+-N\b'; then
    shell_args=(-N)
fi
git_cmd="git diff --no-index --word-diff=porcelain $tmp/old.txt $tmp/new.txt"
ours_cmd="$bin/compare_files $tmp/old.txt $tmp/new.txt"
if [ ${#shell_args[@]} -eq 0 ]; then
    git_cmd="$git_cmd > /dev/null"
fi
hyperfine --warmup 2 --runs 10 "${shell_args[@]}" -i \
    --export-markdown "$tmp/table.md" --export-json "$tmp/times.json" \
    -n git "$git_cmd" -n compare "$ours_cmd" >/dev/null
cat "$tmp/table.md"
jq -r '.results[] | "median \(.command): \(.median * 1000 | . * 100 | round / 100) ms"' "$tmp/times.json"
jq -r '(.results[0].median / .results[1].median) as $r | "compare takes 1/\($r | . * 10 | round / 10) of git'"'"'s time"' "$tmp/times.json"
