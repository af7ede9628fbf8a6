#!/usr/bin/env bash
# Prints the number of lines of every regular file in a folder.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <folder>" >&2
  exit 2
fi

folder=$1
if [[ ! -d "$folder" ]]; then
  echo "not a folder: $folder" >&2
  exit 1
fi

total=0
for file in "$folder"/*; do
  [[ -f "$file" ]] || continue
  lines=$(wc -l < "$file")
  printf '%8d  %s\n' "$lines" "$file"
  total=$((total + lines))
done
printf '%8d  total\n' "$total"
