# Sourced by the WebSocket benches that run Node's `ws` beside latbench: checks node is there and
# installs `ws` from npm into build/bench-node (bench/ws/package.json) when missing, then points
# NODE_PATH at it. $1: the calling script's name, for its messages. Run from the repository root.
bench_node_env() {
  command -v node >/dev/null || { echo "$1: needs node and npm (Debian: nodejs npm)" >&2; exit 2; }
  local dir=build/bench-node
  if [ ! -d "$dir/node_modules/ws" ]; then
    mkdir -p "$dir" && cp bench/ws/package.json "$dir/"
    (cd "$dir" && npm install --no-audit --no-fund --silent) >&2
  fi
  export NODE_PATH=$PWD/$dir/node_modules
}
