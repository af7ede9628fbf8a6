#!/usr/bin/env bash
# Copies a folder into a dated backup folder. Contains deliberate bugs for ShellCheck to find.

source_dir=$1
stamp=$(date +%Y-%m-%d)
target="$HOME/backups/$stamp"

mkdir -p $target

# Unquoted: breaks (and globs) on folder names with spaces.
cp -r $source_dir $target

# $backup_owner is never assigned anywhere.
echo "Backup of $source_dir done for $backup_owner"

for f in $(ls $target); do
  echo "saved: $f"
done
