#!/usr/bin/env bash
# A throwaway S3-compatible server for the tests (moto in server mode, from .venv-s3, which setup
# installs): `start DIR PORT` starts it on loopback, makes the bucket `motcua-test` and prints the
# variables a server and the tests reach it with (eval them); `stop DIR` stops it and removes DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    .venv-s3/bin/moto_server -H 127.0.0.1 -p "$port" >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    endpoint="http://127.0.0.1:$port"
    # Made, then listed: an answer from some other program on the port is not taken for moto's.
    made="import urllib.request as u; u.urlopen(u.Request('$endpoint/motcua-test', method='PUT'));
assert b'<Name>motcua-test</Name>' in u.urlopen('$endpoint/motcua-test').read()"
    for try in $(seq 100); do
      kill -0 "$(cat "$dir/pid")" 2>/dev/null && python3 -c "$made" 2>/dev/null && break
      if [ "$try" = 100 ] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        echo "moto did not start:" >&2
        cat "$dir/server.log" >&2
        exit 1
      fi
      sleep 0.2
    done
    echo "export AWS_ENDPOINT=$endpoint AWS_ALLOW_HTTP=true AWS_REGION=us-east-1"
    echo "export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test MOTCUA_TEST_S3=s3://motcua-test"
    ;;
  stop)
    dir=$2
    [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
