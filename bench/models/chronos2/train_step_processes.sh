#!/usr/bin/env bash
# The fine-tuning step of this checkout against another one, each side in its own process as
# the fine-tuning task runs (heap retention on), alternating before/after ROUNDS times; each
# process prints its median step over BENCH_ROUNDS steps after a warm-up, and its peak memory.
#
#   git worktree add --detach /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/
#   bench/models/chronos2/train_step_processes.sh /tmp/before lora 3
#
# Arguments: the other checkout, the mode (full | lora, default lora), the rounds (default 3).
set -euo pipefail
before=${1:?the checkout to compare against, e.g. /tmp/before}
mode=${2:-lora}
rounds=${3:-3}
cd "$(dirname "$0")/../../.."
for _ in $(seq "$rounds"); do
  for side in before after; do
    line=$(BENCH_BEFORE="$before" BENCH_ONLY=$side BENCH_RETAIN=1 BENCH_MODE="$mode" \
      BENCH_ROUNDS="${BENCH_ROUNDS:-4}" npx deno run -A --v8-flags=--expose-gc \
      bench/models/chronos2/train_step_compare.ts 2>&1 |
      grep -E "^  $side +step|peak resident" | tr -s ' ' | tr '\n' ' ')
    echo "$side: $line"
  done
done
