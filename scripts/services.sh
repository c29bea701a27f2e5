#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer, starting the local ones if they are
# down. Source or run it; it changes nothing when both already run (or when they are remote).
set -euo pipefail
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "loyale: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "loyale: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
for _ in $(seq 1 30); do pg_up && redis_up && exit 0; sleep 1; done
pg_up || echo "loyale: PostgreSQL does not answer on 127.0.0.1:5432" >&2
redis_up || echo "loyale: Redis does not answer on 127.0.0.1:6379" >&2
exit 1
