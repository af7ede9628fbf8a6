#!/bin/bash
# Hostile: a bounded fork storm. Starts $2 sleeping children at once, each named after the marker $1, then waits.
mark=$1
n=$2
for ((i = 0; i < n; i++)); do
  (exec -a "$mark-child" sleep 120) &
done
echo "started $n children"
wait
