#!/bin/bash
# A slow tool for crash and fuzz cases: starts a grandchild in its own session (setsid), says so, then sleeps $2
# seconds. Both carry the marker $1 in their command lines.
mark=$1
# shellcheck disable=SC2016 # $0 is expanded by the inner shell
setsid bash -c 'exec -a "$0-grandchild" sleep 300' "$mark" &
echo "grandchild-started"
exec -a "$mark-main" sleep "$2"
