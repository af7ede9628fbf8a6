#!/bin/bash
# Hostile: ignores SIGTERM and leaves grandchildren that detach, all ignoring SIGTERM too:
#  - one in its own session (setsid);
#  - one from a double fork (its parent exits at once, so it is re-parented away from this script);
#  - one in its own session that also scrubs the job marker from its environment.
# Every one carries the marker $1 in its command line.
mark=$1
trap '' TERM
# shellcheck disable=SC2016 # $0 is expanded by the inner shells
setsid bash -c 'trap "" TERM; exec -a "$0-setsid" sleep 300' "$mark" &
( (exec -a "$mark-doublefork" sleep 300) & )
# shellcheck disable=SC2016
setsid env -u HAPYY_JOB_ID bash -c 'trap "" TERM; exec -a "$0-scrubbed" sleep 300' "$mark" &
echo "ready"
while :; do sleep 1; done
