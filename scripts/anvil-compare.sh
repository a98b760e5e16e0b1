#!/usr/bin/env bash
# Multilane and anvil side by side: one genesis.json, the same presigned ERC-20 transfers, automining
# off, then ONE evm_mine per round on each node; compares the evm_mine times, gasUsed and the state
# roots. Then Multilane's sustained end-to-end throughput (automine, many requests in flight, timer
# from the first send to the last receipt). Not part of CI: it installs anvil from npm.
#
#   scripts/anvil-compare.sh [--senders N] [--rounds R] [--count N] [--concurrency C] [--anvil-throughput N]
#
#   --senders N      funded senders in the genesis, one transfer each per round (default 10000)
#   --rounds R       blocks mined on each node, each with nonce r for every sender (default 8); the
#                    first Multilane round includes JIT warm-up, later ones do not
#   --count N        send only the first N transfers of each round (default: all N senders)
#   --concurrency C  requests in flight in the throughput run (default 256)
#   --anvil-throughput N  also run the throughput test on anvil with the first N transfers of round
#                    0 (default 0: skipped; anvil automines one block per transaction and, with
#                    10,000 funded accounts, manages only a few blocks per second)
#
# Environment: WORK (scratch folder, default a new /tmp/multilane-anvil-compare.*), ANVIL_PORT
# (default 18645), MULTILANE_PORT (default 18646), MULTILANE_JAVA_OPTS (passed to the JVM by
# ./multilane), MULTILANE (the launcher, default ./multilane, which builds first when stale).
# Needs node.js >= 18 and npm; anvil is @foundry-rs/anvil-linux-amd64 at the version pinned in
# scripts/anvil-compare/package.json (Linux x86-64 only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/anvil-compare"
senders=10000
rounds=8
count=0
concurrency=256
anvil_throughput=0
while [ $# -gt 0 ]; do
    case "$1" in
        --senders) senders="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --count) count="$2"; shift 2 ;;
        --concurrency) concurrency="$2"; shift 2 ;;
        --anvil-throughput) anvil_throughput="$2"; shift 2 ;;
        *) echo "usage: $0 [--senders N] [--rounds R] [--count N] [--concurrency C] [--anvil-throughput N]" >&2
           exit 2 ;;
    esac
done
work="${WORK:-$(mktemp -d /tmp/multilane-anvil-compare.XXXXXX)}"
mkdir -p "$work"
anvil_port="${ANVIL_PORT:-18645}"
ml_port="${MULTILANE_PORT:-18646}"
multilane="${MULTILANE:-$root/multilane}"
coinbase=0x000000000000000000000000000000000000c0de   # Multilane's dev coinbase, set on anvil too

for tool in node npm curl; do
    command -v "$tool" >/dev/null || { echo "anvil-compare: $tool is required" >&2; exit 1; }
done

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

# Waits until a JSON-RPC server answers eth_chainId (up to 120 s).
wait_rpc() {
    local url="$1" pid="$2"
    for _ in $(seq 1 240); do
        if curl -sf -X POST -H 'content-type: application/json' \
            --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { echo "anvil-compare: the node at $url exited" >&2; return 1; }
        sleep 0.5
    done
    echo "anvil-compare: no answer from $url" >&2
    return 1
}

stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# ./multilane builds first when the build is stale; do that now, in the foreground, rather than
# inside the first node start (which wait_rpc gives two minutes).
"$multilane" help > /dev/null

echo "== installing the pinned anvil, ethers and OpenZeppelin (npm ci) =="
lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$here/node_modules/.multilane-npm-ci" 2>/dev/null)" != "$lock_hash" ]; then
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
    echo "$lock_hash" > "$here/node_modules/.multilane-npm-ci"
fi
anvil="$here/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
"$anvil" --version | head -1

echo "== genesis and presigned transactions in $work =="
if [ ! -f "$work/txs-$((rounds - 1)).json" ] || [ "$(cat "$work/params" 2>/dev/null)" != "$senders $rounds" ]; then
    node "$here/genesis.js" "$work" --senders "$senders" --rounds "$rounds"
    echo "$senders $rounds" > "$work/params"
fi
count_args=()
[ "$count" -gt 0 ] && count_args=(--count "$count")

start_anvil() {
    # Same chain as Multilane's: anvil would otherwise add its ten dev accounts and the CREATE2
    # deployer to the alloc, ignore the genesis gas limit (30M) and price block 1 at the genesis base
    # fee (1 gwei) where EIP-1559 gives 0.875 gwei after an empty parent. With these flags both
    # nodes reach the same state root, which the summary checks.
    "$anvil" --init "$work/genesis.json" --hardfork cancun --gas-limit 1000000000 --accounts 0 --no-create2 \
        --base-fee 875000000 --port "$anvil_port" --silent "$@" >> "$work/anvil.log" 2>&1 &
    node_pid=$!
    pids+=("$node_pid")
    wait_rpc "http://127.0.0.1:$anvil_port" "$node_pid"
}

start_multilane() {
    rm -rf "$work/multilane-data"
    "$multilane" node --genesis "$work/genesis.json" --data-dir "$work/multilane-data" --port "$ml_port" "$@" \
        >> "$work/multilane.log" 2>&1 &
    node_pid=$!
    pids+=("$node_pid")
    wait_rpc "http://127.0.0.1:$ml_port" "$node_pid"
}

# Runs load.js MODE against URL for every round, one JSON line per round into OUT (a failed round
# is recorded as failed, not fatal: Multilane's pool and block limits can refuse a round).
rounds_of() {
    local mode="$1" url="$2" out="$3"
    shift 3
    : > "$out"
    for r in $(seq 0 $((rounds - 1))); do
        node "$here/load.js" "$mode" "$url" "$work/txs-$r.json" "${count_args[@]}" "$@" >> "$out" \
            || echo "{\"mode\":\"$mode\",\"failed\":true}" >> "$out"
    done
}

: > "$work/anvil.log"
: > "$work/multilane.log"
echo "== anvil: $rounds blocks, automining off, one evm_mine each =="
start_anvil
rounds_of block "http://127.0.0.1:$anvil_port" "$work/anvil.jsonl" --coinbase "$coinbase"
stop "$node_pid"

echo "== Multilane: $rounds blocks, automining off, one evm_mine each =="
start_multilane
rounds_of block "http://127.0.0.1:$ml_port" "$work/multilane.jsonl"
stop "$node_pid"

echo "== end-to-end throughput, $concurrency in flight, first send to last receipt =="
rm -f "$work"/throughput-*.jsonl
if [ "$anvil_throughput" -gt 0 ]; then
    start_anvil
    node "$here/load.js" throughput "http://127.0.0.1:$anvil_port" "$work/txs-0.json" --count "$anvil_throughput" \
        --concurrency "$concurrency" > "$work/throughput-anvil-automine.jsonl"
    stop "$node_pid"
fi
start_multilane
rounds_of throughput "http://127.0.0.1:$ml_port" "$work/throughput-multilane-automine.jsonl" \
    --concurrency "$concurrency"
stop "$node_pid"
start_multilane --block-time 100
rounds_of throughput "http://127.0.0.1:$ml_port" "$work/throughput-multilane-block-time-100ms.jsonl" \
    --concurrency "$concurrency"
stop "$node_pid"

echo "== summary =="
node "$here/summary.js" "$work"
