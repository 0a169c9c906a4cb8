"""What the hash chain costs a message write: ``Store.put_message`` against the write without it.

Both run in the same process against the same embedded server, in alternating rounds so load on a
shared machine hits both alike: "chain" is today's ``put_message`` (version hash in Python, one Lua
script that writes the message and appends the chain entry); "plain" is the script as it was before
the chain (the same keys and writes, no hash, no chain entry). Prints writes/s and the overhead.
Run: ``.venv/bin/python bench/chain.py [messages per round] [rounds]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.domain import Message  # noqa: E402
from bot.store import EmbeddedRedis, Store, keys  # noqa: E402
from bot.store.redis_store import _score  # noqa: E402

PLAIN_SCRIPT = """#!lua
local want = {'hash', 'zset', 'zset'}
for i = 1, 3 do
  local kind = redis.call('TYPE', KEYS[i])['ok']
  if kind ~= 'none' and kind ~= want[i] then
    return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' holds a ' .. kind .. ', not a ' .. want[i])
  end
end
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
for i = 1, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
return added
"""
"""The message script before the chain (commit e4b6971), kept here only to measure against."""

TEXT = (
    "p99 latency on checkout-api is 1.8s since the deploy; <PERSON> is rolling back v2.41.0 and "
    "watching the error rate; payments-gateway returns 429 for about 3% of calls"
)


def messages(channel: str, n: int) -> list[Message]:
    return [
        Message(channel=channel, ts=f"{1773500000 + i}.{i % 1000:06d}", text=f"{TEXT} #{i}", user="U0BENCH")
        for i in range(n)
    ]


def plain_put(store: Store, script: object, msg: Message) -> None:
    """``put_message`` as it was before the chain: active set, then the one script."""
    store.client.sadd(keys.active(), msg.channel)
    written = [keys.messages(msg.channel), keys.messages_index(msg.channel), keys.replies(msg.channel)]
    script(  # type: ignore[operator]
        keys=[*written, *(k for k in keys.channel_data(msg.channel) if k not in written)],
        args=[msg.ts, msg.model_dump_json(), repr(_score(msg.ts)), "", store.retention_ms],
    )


def main(per_round: int = 2000, rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp)) as server:
        import redis

        client = redis.Redis.from_url(server.url, decode_responses=True)
        store = Store(client, clock=SystemClock())
        plain = client.register_script(PLAIN_SCRIPT)
        rates: dict[str, list[float]] = {"plain": [], "chain": []}
        for r in range(rounds):
            for mode in ("plain", "chain") if r % 2 == 0 else ("chain", "plain"):
                channel = f"CBENCH{mode.upper()}{r}"
                batch = messages(channel, per_round)
                start = time.perf_counter()
                for msg in batch:
                    if mode == "chain":
                        store.put_message(msg)
                    else:
                        plain_put(store, plain, msg)
                rates[mode].append(per_round / (time.perf_counter() - start))
        problem = store.verify_chain(f"CBENCHCHAIN{rounds - 1}")[0]
        plain_rate, chain_rate = statistics.median(rates["plain"]), statistics.median(rates["chain"])
        print(f"rounds: {rounds} x {per_round} writes per mode (alternating order)")
        print(f"plain (no chain): {plain_rate:,.0f} writes/s  rounds {[round(x) for x in rates['plain']]}")
        print(f"chain:            {chain_rate:,.0f} writes/s  rounds {[round(x) for x in rates['chain']]}")
        print(f"chain overhead per write: {(plain_rate / chain_rate - 1) * 100:+.1f}% (median of rounds)")
        print(f"chain of the last round verifies: {problem is None}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
