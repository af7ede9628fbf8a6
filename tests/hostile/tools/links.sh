#!/bin/bash
# Hostile: leaves links in its output (and in its input copy) that point out of the run folder, to be read
# through by a preview or an export. $1 marker, $2 {output}, $3 a canary file outside the run folder.
out=$2
canary=$3
ln -s /etc/passwd "$out/passwd"
ln -s "$canary" "$out/canary"
ln -s "$(dirname "$canary")" "$out/canary-dir"
ln -s .. "$out/parent"
ln -s ../.. "$out/grandparent"
ln -s / "$out/root"
mkdir -p "$out/nested"
ln -s ../../../.. "$out/nested/up"
ln -s /etc "$out/nested/etc"
ln "$canary" "$out/hard-canary" 2>/dev/null || echo "no hard link across the sandbox"
echo ordinary > "$out/real.txt"
ln -sf /etc/passwd main.sh
ln -s "$canary" new-link.txt
echo "done"
