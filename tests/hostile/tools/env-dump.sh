#!/bin/bash
# Hostile: looks for the app's secrets in its own environment and in its parent's, read through /proc (the parent
# is the app itself when no sandbox puts a PID namespace in between). Prints only HOSTILE_FAKE_* variables, the
# fake secrets the test planted, so nothing real from this machine ends up in a log. $1 is the marker.
echo "== own"
env | grep -a '^HOSTILE_FAKE_'
echo "== parent $PPID"
tr '\0' '\n' < "/proc/$PPID/environ" 2>&1 | grep -a '^HOSTILE_FAKE_\|No such\|denied'
echo "== home $HOME"
echo "== end"
