#!/usr/bin/env bash
# Install the browser/validator tools used by the accessibility and HTML tests
# (tests/browser.py): Debian's Chromium at /usr/bin/chromium, a Java runtime
# for vnu.jar, and the npm devDependencies (axe-core, vnu-jar) in node_modules/;
# and nginx, for the test of the API's caching proxy (tests/test_serve.py).
#
# Idempotent: does nothing when everything is already in place.  Meant for a
# Debian machine as root (as CI runs).  Usage: bash scripts/install-test-tools.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "install-test-tools: $*"; }
die() { echo "install-test-tools: ERROR: $*" >&2; exit 1; }

# --- system packages (Chromium, Java) -------------------------------------
apt_pkgs=()
[ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
command -v java >/dev/null 2>&1 || apt_pkgs+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || apt_pkgs+=(nodejs npm)
[ -x /usr/sbin/nginx ] || apt_pkgs+=(nginx-light)  # the caching proxy of deploy/nginx-api-cache.conf, tested

if [ ${#apt_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        die "missing ${apt_pkgs[*]}; run this script as root, or: sudo apt-get install ${apt_pkgs[*]}"
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing ${apt_pkgs[*]} and no apt-get to install them"
    log "apt-get install ${apt_pkgs[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after install"
command -v java >/dev/null 2>&1 || die "java still missing after install"
[ -x /usr/sbin/nginx ] || die "/usr/sbin/nginx still missing after install"

# --- npm devDependencies (axe-core, vnu-jar) ------------------------------
# node_modules is (re)installed when missing, when a file we need is gone, or
# when package-lock.json changed since the last install (stamp file below).
stamp=node_modules/.gongshi-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$want" != "$have" ] \
    || [ ! -f node_modules/axe-core/axe.min.js ] \
    || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
    log "npm ci ..."
    # --ignore-scripts: vnu-jar's postinstall would try to download a Java
    # runtime when none is found; we use the system java instead.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > "$stamp"
fi

log "ok: $(/usr/bin/chromium --version 2>/dev/null | head -n1); java $(java -version 2>&1 | head -n1 | cut -d'"' -f2); axe-core $(node -p 'require("./node_modules/axe-core/package.json").version'); vnu-jar $(node -p 'require("./node_modules/vnu-jar/package.json").version')"
