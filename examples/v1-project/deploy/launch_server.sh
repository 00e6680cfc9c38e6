#!/bin/bash
# Launch the TensorRT Inference Server (V1) for the image classifier and wait
# until it answers.  Used by the CI smoke test and by developers.
set -euo pipefail

MODEL_REPOSITORY=${MODEL_REPOSITORY:-/models}
HTTP_PORT=${HTTP_PORT:-8000}
LOG=/tmp/trtserver.log

export PATH=/opt/tensorrtserver/bin:$PATH
export LD_LIBRARY_PATH=/opt/tensorrtserver/lib:${LD_LIBRARY_PATH:-}
echo "TensorRT Inference Server ${TENSORRT_SERVER_VERSION:-unknown} (container ${NVIDIA_TENSORRT_SERVER_VERSION:-?})"

nohup trtserver --model-store="$MODEL_REPOSITORY" \
    --http-port="$HTTP_PORT" \
    --allow-poll-model-repository=false \
    --tf-gpu-memory-fraction=0.4 \
    --log-verbose=0 > "$LOG" 2>&1 &
SERVER_PID=$!

# Wait for the server to be live, then for every model to be ready.
until curl -sf "localhost:${HTTP_PORT}/api/health/live" > /dev/null; do
    sleep 1
done
until curl -s "localhost:${HTTP_PORT}/api/status" | grep -q "ready_state: SERVER_READY"; do
    sleep 1
done
curl -sf "localhost:${HTTP_PORT}/api/health/ready"
echo "server ready (pid $SERVER_PID)"

# A quick benchmark of the classifier.
perf_client -m classifier -u "localhost:${HTTP_PORT}" --concurrency-range 1:4
