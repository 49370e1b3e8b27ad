#!/bin/sh
# Registers the app's namespace once the Temporal frontend is healthy.
# The temporalio/server image no longer does this itself. Idempotent.
set -eu

NAMESPACE="${NAMESPACE:-default}"
RETENTION="${NAMESPACE_RETENTION:-72h}"
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"

# Dial an IPv4 address, as the upstream compose samples do.
host="${ADDRESS%:*}"
port="${ADDRESS##*:}"
ip="$(getent hosts "$host" | awk '{ print $1; exit }' || true)"
[ -n "$ip" ] && ADDRESS="${ip}:${port}"

echo "Waiting for Temporal at ${ADDRESS}..."
tries=0
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "Temporal did not become healthy" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; then
  echo "Namespace '${NAMESPACE}' already exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$ADDRESS"
  echo "Namespace '${NAMESPACE}' created"
fi
