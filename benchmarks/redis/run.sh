#!/usr/bin/env bash
# The Redis job back-end measured (BENCHMARKS.md, "Redis as the shared back-end"): added latency per job
# against the in-process queue, Redis memory per stored result, recovery after a replica is killed, and a
# short bounded load on two replicas. Loopback only; every loop is bounded; it stops what it starts.
# Usage: benchmarks/redis/run.sh   (ANIMEGAN: the built CLI; ANIMEGAN_MODELS; PHOTO)
set -euo pipefail
cd "$(dirname "$0")/../.."
ANIMEGAN=${ANIMEGAN:-src/AnimeGan.Cli/bin/Debug/net10.0/animegan}
MODELS=${ANIMEGAN_MODELS:-../shared/models}
PHOTO=${PHOTO:-../shared/images/scene_2.jpg}
RUNS=${RUNS:-10}
LOAD=${LOAD:-40}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
minus() { awk "BEGIN { printf \"%.2f\", $1 - $2 }"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# A photo larger than 2048 px, so that the 2048 px runs paint 2048 px.
big="$work/big.jpg"
ffmpeg -loglevel error -i "$PHOTO" -vf scale=2560:-2 -q:v 3 "$big"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >/dev/null &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done
rcli() { redis-cli -p "$redis_port" "$@"; }

# serve NAME [args…]: starts a server, sets $url and $pid (bounded wait for /healthz).
serve() {
  local name=$1; shift
  local port; port=$(free_port)
  "$ANIMEGAN" serve --models "$MODELS" --urls "http://127.0.0.1:$port" "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  url="http://127.0.0.1:$port"
  for _ in $(seq 600); do curl -sf "$url/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "$name did not start" >&2; cat "$work/$name.log" >&2; exit 1
}

# submit URL SIZE [FORMAT]: prints the job's location (the large photo at 2048 px, else the photo).
submit() {
  local photo=$PHOTO; [ "$2" = 2048 ] && photo=$big
  curl -s -D - -o /dev/null -F size="$2" -F faces=false -F format="${3:-jpeg}" -F image=@"$photo" "$1/api/jobs" \
    | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r'
}

# state URL LOCATION
state() { curl -s "$1$2" | jq -r .state; }

# until_state URL LOCATION STATE…: polls every 50 ms, for at most 5 min.
until_state() {
  local url=$1 location=$2; shift 2
  for _ in $(seq 6000); do
    local s; s=$(state "$url" "$location")
    for want in "$@"; do [ "$s" = "$want" ] && return 0; done
    sleep 0.05
  done
  echo "timed out waiting for $* on $location" >&2; exit 1
}

# job_seconds URL: one photo at 256 px, from the POST to the end of its event stream.
job_seconds() {
  local start location; start=$(now)
  location=$(submit "$1" 256)
  curl -sN --max-time 120 "$1$location/events" >/dev/null
  minus "$(now)" "$start"
}

echo "== added latency per job (256 px, faces off; $RUNS runs each, interleaved, after one warm-up)"
serve local; local_url=$url
serve shared --redis "127.0.0.1:$redis_port"; shared_url=$url
job_seconds "$local_url" >/dev/null; job_seconds "$shared_url" >/dev/null
: >"$work/local.times"; : >"$work/shared.times"
for _ in $(seq "$RUNS"); do
  job_seconds "$local_url" >>"$work/local.times"; echo >>"$work/local.times"
  job_seconds "$shared_url" >>"$work/shared.times"; echo >>"$work/shared.times"
done
echo "in-process: median $(grep . "$work/local.times" | median) s ($(grep . "$work/local.times" | tr '\n' ' '))"
echo "redis:      median $(grep . "$work/shared.times" | median) s ($(grep . "$work/shared.times" | tr '\n' ' '))"

echo "== Redis memory per stored result (2048 px)"
for format in png jpeg webp; do
  location=$(submit "$shared_url" 2048 "$format")
  until_state "$shared_url" "$location" done failed
  id=${location##*/}
  echo "$format: $(rcli STRLEN "animegan:job:$id:result:0") bytes, MEMORY USAGE $(rcli MEMORY USAGE "animegan:job:$id:result:0") bytes;" \
       "the job's hash $(rcli MEMORY USAGE "animegan:job:$id") bytes; $(curl -s "$shared_url$location" | jq -r '.images[0] | "\(.width)x\(.height)"')"
done
echo "used_memory: $(rcli INFO memory | awk -F: '/^used_memory_human/ { print $2 }' | tr -d '\r')"
kill "$pid"; wait "$pid" 2>/dev/null || true

echo "== recovery after a replica is killed (SIGKILL) mid-conversion (2048 px)"
for timeout in 00:00:05 00:00:30; do
  ANIMEGAN__REDISVISIBILITYTIMEOUT=$timeout serve a --redis "127.0.0.1:$redis_port"; a_url=$url; a_pid=$pid
  location=$(submit "$a_url" 2048)
  until_state "$a_url" "$location" running
  ANIMEGAN__REDISVISIBILITYTIMEOUT=$timeout serve b --redis "127.0.0.1:$redis_port"; b_url=$url; b_pid=$pid
  [ "$(state "$b_url" "$location")" = running ] || { echo "finished before the kill; skipped"; continue; }
  kill -9 "$a_pid"; killed=$(now)
  # Taken over: the progress starts again below where A left it.
  left_at=$(curl -s "$b_url$location" | jq -r '.images[0].progress')
  retaken=""
  for _ in $(seq 6000); do
    job=$(curl -s "$b_url$location")
    [ -z "$retaken" ] && awk "BEGIN { exit !($(jq -r '.images[0].progress' <<<"$job") < $left_at) }" && retaken=$(now)
    [ "$(jq -r .state <<<"$job")" = done ] && break
    sleep 0.05
  done
  echo "visibility $timeout: taken over after ${retaken:+$(minus "$retaken" "$killed")} s, done $(minus "$(now)" "$killed") s after the kill"
  kill "$b_pid"; wait "$b_pid" 2>/dev/null || true
done

echo "== bounded load: $LOAD one-photo jobs (256 px), 4 clients at once"
cat >"$work/post.sh" <<POST
#!/bin/sh
# post.sh N URL: one submission, its status code and headers kept under \$work/post.N
curl -s -o /dev/null -D "$work/post.\$1.headers" -w "%{http_code}" -F size=256 -F faces=false -F image=@"$PHOTO" "\$2/api/jobs" >"$work/post.\$1.code"
POST
chmod +x "$work/post.sh"
load() {
  local label=$1; shift
  rm -f "$work"/post.*.code "$work"/post.*.headers
  local start; start=$(now)
  for i in $(seq "$LOAD"); do echo "$i ${@:$(( (i % $#) + 1 )):1}"; done | xargs -P 4 -L 1 "$work/post.sh"
  local submitted; submitted=$(minus "$(now)" "$start")
  local accepted=0 refused=0 finished=0
  for i in $(seq "$LOAD"); do
    case $(cat "$work/post.$i.code") in
      202) accepted=$((accepted + 1)); location=$(awk 'tolower($1) == "location:" { print $2 }' "$work/post.$i.headers" | tr -d '\r')
           until_state "$1" "$location" done failed
           [ "$(state "$1" "$location")" = done ] && finished=$((finished + 1)) ;;
      503) refused=$((refused + 1)) ;;
    esac
  done
  echo "$label: $accepted accepted, $refused refused (503), $finished done; submitted in $submitted s, all done $(minus "$(now)" "$start") s after the first"
}
serve local2; load "in-process, one server" "$url"; kill "$pid"; wait "$pid" 2>/dev/null || true
serve a2 --redis "127.0.0.1:$redis_port"; a_url=$url
serve b2 --redis "127.0.0.1:$redis_port"; b_url=$url
load "redis, two replicas" "$a_url" "$b_url"
echo "finished per replica (job log lines): A $(grep -c ' done: ' "$work/a2.log" || true), B $(grep -c ' done: ' "$work/b2.log" || true)"
