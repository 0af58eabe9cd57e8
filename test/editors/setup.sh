#!/usr/bin/env bash
# Installs what the other-editor tests need: Debian's Neovim (0.7 on Debian 12), to run the
# README's configuration for Neovim before 0.11 headless against the built language server.
set -euo pipefail

if command -v nvim >/dev/null 2>&1; then
  echo "editors setup: $(nvim --version | head -n 1) already installed"
  exit 0
fi
echo "editors setup: installing neovim with apt-get"
if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim
