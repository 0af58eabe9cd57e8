#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's Chromium (to drive the workbench) and the
# VS Code server build shipped inside the code-server npm package (VS Code 1.100.3 on Node 20).
# The editor is cached under .e2e-cache/ by version, so a second run only checks the marker file.
# Everything else written goes to a temporary folder (XDG_*, npm cache) that is removed at exit.
set -euo pipefail

code_server_version="4.100.3"
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="$project_dir/.e2e-cache"
install_dir="$cache_dir/code-server-$code_server_version"
marker="$install_dir/.installed"

missing_packages=()
[ -x /usr/bin/chromium ] || missing_packages+=(chromium)
command -v rg >/dev/null 2>&1 || missing_packages+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing_packages+=(libkrb5-dev)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  echo "e2e setup: installing ${missing_packages[*]} with apt-get"
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium libkrb5-dev ripgrep
fi

if [ -f "$marker" ]; then
  echo "e2e setup: code-server $code_server_version already installed in .e2e-cache/"
  exit 0
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/topo-e2e-setup.XXXXXX")"
staging="$install_dir.partial"
trap 'rm -rf "$scratch" "$staging"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
export npm_config_cache="$scratch/npm-cache" npm_config_nodedir=/usr
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

started=$SECONDS
echo "e2e setup: installing code-server $code_server_version into .e2e-cache/ (about a minute)"
rm -rf "$staging"
mkdir -p "$staging"
cd "$staging"
echo '{"private":true}' > package.json
# The package's postinstall downloads ripgrep from GitHub; Debian's rg is linked in below instead.
npm install --no-save --ignore-scripts --loglevel=error "code-server@$code_server_version"
npm rebuild --loglevel=error argon2

vscode_dir="$staging/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
npm install --omit=dev --ignore-scripts --loglevel=error
# @vscode/ripgrep's postinstall skips its download when bin/ already exists.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# --yes: node-pty's install script runs `npx node-gyp`.
npm rebuild --yes --loglevel=error
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh
# Its postinstall lists every file it trims; only errors are worth showing.
(cd extensions && npm install --omit=dev --loglevel=error >/dev/null)

touch "$staging/.installed"
rm -rf "$install_dir"
mv "$staging" "$install_dir"
echo "e2e setup: done in $((SECONDS - started)) s"
