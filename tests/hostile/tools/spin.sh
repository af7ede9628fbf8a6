#!/bin/bash
# Hostile: one CPU spinner per core ($2), each ignoring SIGTERM and named after the marker $1, forever.
mark=$1
n=$2
trap '' TERM
for ((i = 0; i < n; i++)); do
  (exec -a "$mark-spin" bash -c 'while :; do :; done') &
done
echo "spinning on $n cores"
wait
