# Sourced, not run: `. scripts/use-node24.sh`. Puts a Node of at least 22.12 first on PATH, installing
# Node 24 LTS from the npm registry (the `node` package ships the binary) into /opt/node24 when the
# machine's Node is older. The project's Shopify libraries declare node >= 22.
node_is_recent() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! node_is_recent; then
  if [ ! -x /opt/node24/bin/node ]; then
    npm install -g --prefix /opt/node24 --no-audit --no-fund node@24 >/dev/null
  fi
  export PATH="/opt/node24/bin:$PATH"
fi
node_is_recent || { echo "Node >= 22.12 is needed; found $(node -v 2>/dev/null || echo none)" >&2; return 1 2>/dev/null || exit 1; }
