#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (playwright-core drives it; we never
# download a browser of our own). Installs the Debian package when it is missing and apt-get can run.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "loyale: /usr/bin/chromium is missing and apt-get is not available; install Chromium for the browser tests" >&2
  exit 1
fi
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "loyale: installing Chromium (Debian package) for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends chromium >/dev/null \
  || { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y --no-install-recommends chromium >/dev/null; }
[ -x /usr/bin/chromium ]
