#!/bin/bash
# Prints what the tool was given: every entry of its input copy (type and name) and every regular file's content.
# $1 is the marker.
find . -printf '%y %p\n' | LC_ALL=C sort
find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r cat
