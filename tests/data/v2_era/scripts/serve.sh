#!/usr/bin/env bash
# Start Triton (V2) with every model of the repository and wait until it is ready.
set -euo pipefail

declare -A PORTS=([http]=8000 [grpc]=8001 [metrics]=8002)
MODELS=(resnet50 bert_base ensemble_pre)
REPO="${MODEL_REPO:-/srv/models}"

start() {
  local args=(--model-repository="$REPO" --model-control-mode=explicit)
  for m in "${MODELS[@]}"; do
    args+=(--load-model="$m")
  done
  tritonserver "${args[@]}" --http-port="${PORTS[http]}" --grpc-port="${PORTS[grpc]}" &
}

wait_ready() (
  for ((i = 0; i < 60; i++)); do
    if [[ -v CI && $(curl -s -o /dev/null -w '%{http_code}' "localhost:${PORTS[http]}/v2/health/ready") == 200 ]]; then
      return 0
    fi
    sleep $(( i < 10 ? 1 : 2 ))
  done
  return 1
)

case "${1:-start}" in
  start|run) start; wait_ready ;;
  check) [[ -d "$REPO" ]] || { echo "no repository" >&2; exit 1; } ;;
  *) echo "usage: $0 [start|check]" >&2; exit 2 ;;
esac
