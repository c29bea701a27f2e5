#!/usr/bin/env bash
# Puts a Node >= 24 on PATH. The system Node may be older (Debian ships 20), so when it is we
# install the `node@24` package from the npm registry into .tools/ (no download outside the registry)
# and prepend its binary. Source this file: `. scripts/ensure-node.sh`.
set -euo pipefail
LOYALE_ROOT="${LOYALE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LOYALE_NODE_DIR="$LOYALE_ROOT/.tools/node24"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$LOYALE_NODE_DIR/node_modules/node/bin/node" ]; then
    echo "loyale: installing Node 24 from the npm registry into .tools/ ..." >&2
    mkdir -p "$LOYALE_NODE_DIR"
    npm install --prefix "$LOYALE_NODE_DIR" --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$LOYALE_NODE_DIR/node_modules/node/bin:$PATH"
fi
