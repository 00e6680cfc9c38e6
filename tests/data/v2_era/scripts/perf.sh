#!/bin/bash
set -e
shopt -s nullglob
for cfg in /srv/models/*/config.pbtxt; do
  name=$(basename "$(dirname "$cfg")")
  [[ $name =~ ^(bert|resnet) ]] || continue
  perf_analyzer -m "$name" -u localhost:8001 -i grpc --concurrency-range 1:8 -f "/tmp/${name}.csv"
done
mapfile -t results < <(ls /tmp/*.csv)
echo "${#results[@]} results"
