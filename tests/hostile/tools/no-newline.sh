#!/bin/bash
# Hostile: $2 bytes of output without a single newline (marker $1 only names the process).
head -c "$2" /dev/zero | tr '\0' 'x'
