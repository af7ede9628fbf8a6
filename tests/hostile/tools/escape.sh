#!/bin/bash
# Hostile: tries to write outside its workspace and to tamper with the app's own files next to it.
# $1 marker, $2 the user's home folder, $3 the user's project (absolute path), $4 {output}.
mark=$1
home=$2
project=$3
try() {
  local what=$1
  shift
  if "$@" 2>/dev/null; then echo "WROTE $what"; else echo "BLOCKED $what"; fi
}
try home sh -c "echo $mark > '$home/$mark'"
try tmp sh -c "echo $mark > '/tmp/$mark'"
try project-new sh -c "echo $mark > '$project/$mark'"
try project-edit sh -c "echo $mark >> '$project/main.sh'"
try project-delete rm "$project/README.md"
try run-folder sh -c "echo $mark > '../$mark'"
try run-record sh -c "echo '{\"jobId\":\"forged\"}' > ../run.json"
try manifest sh -c "echo '{\"files\":[{\"path\":\"../../../etc/passwd\",\"size\":1,\"mtimeMs\":0}],\"bytes\":1}' > ../manifest.json"
try diagnostics sh -c "echo '[{\"forged\":true,\"file\":\"/etc/passwd\"}]' > ../diagnostics.json"
try run-log sh -c "echo forged > ../run.log"
try owner sh -c "echo '{\"pid\":1,\"start\":0}' > ../owner.json"
try runs-folder sh -c "echo $mark > '../../$mark'"
try data-folder sh -c "echo $mark > '../../../$mark'"
try input-own sh -c "echo $mark > './$mark'"
try output-own sh -c "echo $mark > '$4/$mark'"
echo "done"
