#!/usr/bin/env bash
# System packages the test suite needs, from Debian: chromium (the browser for end-to-end tests,
# and SwiftShader, the CPU Vulkan driver behind WebGPU without a GPU) and libvulkan1 (the Vulkan
# loader Dawn opens), python3-torch (PyTorch, the independent reference that reads our GPT-2
# checkpoints) and python3-gensim (the reference reader of our word2vec files). Installs them with apt-get when run as root; otherwise says what to run.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep 'libvulkan\.so\.1' >/dev/null || missing+=(libvulkan1)  # not grep -q: its early exit fails the pipe
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || missing+=(python3-torch python3-numpy)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import gensim' 2>/dev/null || missing+=(python3-gensim)
[ ${#missing[@]} -eq 0 ] && exit 0

pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
else
  echo "missing system packages: $pkgs" >&2
  echo "install them with:  sudo apt-get install -y $pkgs" >&2
  exit 1
fi
