#!/usr/bin/env bash
# Upload throughput and natterd's memory while it receives many large uploads
# at once (docs/benchmarks.md, "Uploads").
#   bench/uploads.sh --natterd PATH [--work-dir DIR] [--clients N] [--mib M] [--images N]
# Starts its own natterd (SQLite, a data dir under --work-dir), sends N
# uploads of M MiB of random bytes at once with curl, N more one after the
# other, then --images pictures (4000x3000 PNG) one after the other, and
# prints throughput and natterd's peak resident memory (VmHWM) before and
# after. Needs curl and python3.
set -euo pipefail

natterd=""
work=/tmp/natter-upload-bench
clients=20
mib=25
images=20
while (($#)); do
  case "$1" in
    --natterd) natterd=$2; shift 2 ;;
    --work-dir) work=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --mib) mib=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    *) echo "usage: bench/uploads.sh --natterd PATH [--work-dir DIR] [--clients N] [--mib M] [--images N]" >&2; exit 2 ;;
  esac
done
[[ -x "$natterd" ]] || { echo "bench/uploads.sh: --natterd must name the natterd binary" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
port=$((20000 + RANDOM % 20000))
"$natterd" --data-dir "$work/data" --create-data-dir --listen "127.0.0.1:$port" --log-level warn \
  --max-upload-bytes $((mib * 1024 * 1024)) --upload-quota-bytes $((1 << 50)) --register-rate-per-address 1000 \
  --image-timeout-ms 60000 > "$work/natterd.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/healthz" > /dev/null && break; sleep 0.1; done

token() {
  curl -sf -X POST "$base/api/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"correct horse battery\"}" > /dev/null
  curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"correct horse battery\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
hwm() { awk '/VmHWM/ {print $2}' "/proc/$pid/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

head -c $((mib * 1024 * 1024)) /dev/urandom > "$work/blob.bin"
python3 - "$work/photo.png" <<'PY'
import random, struct, sys, zlib
# A 4000x3000 picture of noise over gradients, as PNG.
w, h = 4000, 3000
rows = bytearray()
rnd = random.Random(7)
for y in range(h):
    rows.append(0)
    for x in range(0, w):
        v = (x * 255 // w + rnd.randrange(16)) & 255
        rows += bytes((v, (y * 255 // h) & 255, (v ^ y) & 255))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + \
      chunk(b'IDAT', zlib.compress(bytes(rows), 6)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY

tokens=()
for i in $(seq "$clients"); do tokens+=("$(token "u$i")"); done
echo "natterd: rss $(rss) KiB, peak $(hwm) KiB before the uploads"

upload() {  # token file name
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$base/api/v1/media?name=$3" \
    -H "Authorization: Bearer $1" --data-binary @"$2"
}

start=$(date +%s.%N)
pids=()
for i in $(seq "$clients"); do
  upload "${tokens[$((i - 1))]}" "$work/blob.bin" "b$i.bin" > "$work/code.$i" &
  pids+=($!)
done
running() {
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done
  return 1
}
peak=0
while running; do
  r=$(rss)
  ((r > peak)) && peak=$r
  sleep 0.05
done
wait
end=$(date +%s.%N)
ok=$(cat "$work"/code.* | grep -c '^201$' || true)
python3 -c "print(f'$clients uploads of $mib MiB at once: $ok stored, {$end - $start:.2f} s, {$clients * $mib / ($end - $start):.0f} MiB/s')"
echo "natterd: peak resident memory during them $peak KiB (VmHWM since start: $(hwm) KiB)"

start=$(date +%s.%N)
for i in $(seq "$clients"); do upload "${tokens[0]}" "$work/blob.bin" "s$i.bin" > /dev/null; done
end=$(date +%s.%N)
python3 -c "print(f'$clients uploads of $mib MiB one after another: {$clients * $mib / ($end - $start):.0f} MiB/s')"

start=$(date +%s.%N)
for i in $(seq "$images"); do upload "${tokens[1]}" "$work/photo.png" "p$i.png" > "$work/img.$i"; done
end=$(date +%s.%N)
python3 -c "print(f'$images pictures of 4000x3000 ($(($(stat -c %s "$work/photo.png") / 1024)) KiB PNG) one after another: {$images / ($end - $start):.2f} pictures/s')"
echo "natterd: VmHWM at the end $(hwm) KiB"
