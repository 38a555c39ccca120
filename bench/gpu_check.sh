#!/usr/bin/env bash
# The GPU check of issue 18, in one scripted run of a few minutes on a Linux x64 machine with an
# NVIDIA GPU (driver, CUDA 12 and cuDNN 9 installed) and this checkout after `npm ci`:
#
#   bench/gpu_check.sh OUT_DIR [--from DIR] [--seconds N] [--skip-setup] [--only STEP,STEP]
#
# setup-gpu (downloads the CUDA provider from api.nuget.org, or links it from --from DIR), doctor,
# parity of the tiny fixture on the CUDA and on ORT's WebGPU provider, the WGSL kernel tests and
# benches on the real adapter, and the full-size inference bench on cpu, cuda and webgpu.
# Everything lands in OUT_DIR (one log per step, summary.md, summary.json); exit 0 when every
# step passed. See bench/gpu_check.ts for the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ "${1#--}" != "$1" ]; then
  sed -n 2,11p "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
if [ ! -d node_modules/onnxruntime-node ]; then
  echo "node_modules is missing: run npm ci first" >&2
  exit 2
fi
export DENO_NO_UPDATE_CHECK=1
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/xdg-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
npx deno task native >/dev/null
exec npx deno run --allow-all bench/gpu_check.ts "$@"
