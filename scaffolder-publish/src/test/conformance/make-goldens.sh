#!/usr/bin/env bash
# Regenerates resources/conformance/public/*.dry-run.json with the real Backstage scaffolder.
# Needs Node 20+ and a writable copy of the project's Backstage peer (shared/backstage-peer,
# Backstage 1.56, scaffolder-backend 4.3.0) with `npm ci` done. Usage:
#   make-goldens.sh PEER_DIR [NAME...]
# It installs the publish modules into PEER_DIR (versions below, the newest on npm that fit the
# peer's release), starts the backend of peer-backend.js on 127.0.0.1:$PORT (default 7318) with
# peer-config.yaml, runs make-goldens.mjs, and stops the backend. The tests never run this: they
# read the committed goldens.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="$(cd "${1:?usage: make-goldens.sh PEER_DIR [NAME...]}" && pwd)"; shift
port="${PORT:-7318}"
modules=(
  @backstage/plugin-scaffolder-backend-module-github@0.10.4
  @backstage/plugin-scaffolder-backend-module-gitlab@0.12.0
  @backstage/plugin-scaffolder-backend-module-bitbucket-cloud@0.3.10
  @backstage/plugin-scaffolder-backend-module-bitbucket-server@0.2.26
  @backstage/plugin-scaffolder-backend-module-azure@0.2.26
  @backstage/plugin-scaffolder-backend-module-gitea@0.2.25
  @backstage/plugin-scaffolder-backend-module-gerrit@0.2.25
)
cd "$peer"
[ -d node_modules/@backstage/plugin-scaffolder-backend-module-gerrit ] || npm install --save-exact "${modules[@]}"
cp "$here/peer-backend.js" greenroom-dry-run-backend.js
cp "$here/peer-config.yaml" greenroom-dry-run-config.yaml
mkdir -p run
PEER_PORT="$port" PEER_CATALOG="$peer/examples/location.yaml" PEER_TOKEN=unused-static-token \
  node greenroom-dry-run-backend.js --config app-config.yaml --config app-config.noauth.yaml \
  --config greenroom-dry-run-config.yaml > run/greenroom-dry-run.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
for i in $(seq 120); do
  curl -sf "http://127.0.0.1:$port/api/scaffolder/v2/actions" > /dev/null && break
  [ "$i" = 120 ] && { echo "the backend did not start; see $peer/run/greenroom-dry-run.log" >&2; exit 1; }
  sleep 1
done
node "$here/make-goldens.mjs" "http://127.0.0.1:$port" "$peer" "$here/../resources/conformance/public" "$@"
