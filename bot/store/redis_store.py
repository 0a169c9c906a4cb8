"""The Redis store: the redacted message record and every per-channel artefact Sitrep keeps."""

from __future__ import annotations

import functools
import socket
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Concatenate, Literal, ParamSpec, TypeVar
from urllib.parse import urlsplit

import redis
from pydantic import BaseModel, ValidationError
from redis import exceptions as rx
from redis.client import Pipeline

from bot.clock import Clock
from bot.domain import (
    Board,
    IncidentState,
    Message,
    Postmortem,
    Rca,
    Review,
    ReviewKind,
    Sitrep,
    StatusUpdate,
    TrackerIssue,
    ts_key,
    ts_to_datetime,
)
from bot.errors import StoreError
from bot.integrity import GENESIS, ChainEntry, delete_hash, first_break, kind_of, version_hash
from bot.store import keys

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)

EventClaim = Literal["claimed", "done", "busy"]
"""``claimed``: this delivery stores the event; ``done``: stored before; ``busy``: another delivery is storing it."""

DEFAULT_HINT = "check that Redis is running and that REDIS_URL is right"
CONNECT_HINT = "check REDIS_URL or unset it to use the embedded server"


def safe_url(url: str) -> str:
    """``url`` with the user, password and query removed, fit to show in a message or log."""
    try:
        parts = urlsplit(url)
        if parts.scheme == "unix":
            return f"unix://{parts.path}"
        host = parts.hostname or "localhost"
        if ":" in host:
            host = f"[{host}]"
        port = parts.port
    except ValueError:
        return "<unparseable Redis URL>"
    netloc = f"{host}:{port}" if port else host
    return f"{parts.scheme or 'redis'}://{netloc}{parts.path}"


_LOCK_SCRIPT = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then return 1 end
local held = redis.call('GET', KEYS[1])
if held then
  local sep = string.find(held, '|', 1, true)
  if sep and tonumber(string.sub(held, sep + 1)) < tonumber(ARGV[2]) then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
    return 1
  end
end
return 0
"""

# Compare-and-set on the holder, so a replica only ever renews or frees its own claim, atomically.
_RENEW_SCRIPT = """
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE_SCRIPT = """
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


# Scripts start with "#!lua" so the server refuses them before the first write when it cannot
# write at all (OOM, MISCONF, READONLY): a script without flags is checked only at its first write.

# The message scripts also append the version's hash-chain entry (bot/integrity.py). Redis' Lua
# has no sha256, so Python computes the entry from the head it last saw (ARGV: expected head, entry)
# and the script appends only if that is still the head; otherwise it writes nothing and returns
# the real head, and Python recomputes. Both return {status, head after}: status -1 is that
# conflict, 0 / 1 what HSET / HDEL returned. A TTL of '0' is a legal hold: PERSIST, no expiry.
_CHAIN_LUA = (
    """
local want = {'hash', 'zset', 'zset', 'list'}
for i = 1, 4 do
  local kind = redis.call('TYPE', KEYS[i])['ok']
  if kind ~= 'none' and kind ~= want[i] then
    return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' holds a ' .. kind .. ', not a ' .. want[i])
  end
end
local function keep(ttl)
  for i = 1, #KEYS do
    if ttl == '0' then redis.call('PERSIST', KEYS[i]) else redis.call('PEXPIRE', KEYS[i], ttl) end
  end
end
local function head()
  local last = redis.call('LINDEX', KEYS[4], -1)
  if last then return string.sub(last, 1, 64) end
  return '"""
    + GENESIS
    + """'
end
"""
)

_PUT_SCRIPT = (
    "#!lua"
    + _CHAIN_LUA
    + """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  keep(ARGV[5])
  return {0, head()}
end
local current = head()
if current ~= ARGV[6] then return {-1, current} end
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
redis.call('RPUSH', KEYS[4], ARGV[7])
keep(ARGV[5])
return {added, string.sub(ARGV[7], 1, 64)}
"""
)

_DELETE_SCRIPT = (
    "#!lua"
    + _CHAIN_LUA
    + """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  keep(ARGV[2])
  return {0, head()}
end
local current = head()
if current ~= ARGV[3] then return {-1, current} end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[4])
keep(ARGV[2])
return {1, string.sub(ARGV[4], 1, 64)}
"""
)

CHAIN_ATTEMPTS = 50
"""Writers that keep racing for the head give up after this many rounds (each round is one script)."""

_CLAIM_SCRIPT = """#!lua
local held = redis.call('GET', KEYS[1])
if held then
  if string.sub(held, 1, 8) ~= 'pending|' then return 'done' end
  if tonumber(string.sub(held, 9)) > tonumber(ARGV[1]) then return 'busy' end
end
redis.call('SET', KEYS[1], 'pending|' .. ARGV[2], 'PX', ARGV[3])
return 'claimed'
"""

_RELEASE_EVENT_SCRIPT = """#!lua
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, 8) == 'pending|' then return redis.call('DEL', KEYS[1]) end
return 0
"""


def client_location(client: redis.Redis) -> str:
    """Where ``client`` points, as a URL without credentials."""
    kw = client.connection_pool.connection_kwargs
    if kw.get("path"):
        return f"unix://{kw['path']}"
    return f"redis://{kw.get('host', 'localhost')}:{kw.get('port', 6379)}/{kw.get('db', 0)}"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _connection_reason(exc: BaseException) -> str:
    """The short cause of a failed connection ("connection refused", "unknown host", …)."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "unknown host"
    if isinstance(cause, TimeoutError):
        return "timed out"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return _one_line(str(exc)).rstrip(".") or type(exc).__name__


def store_error(exc: rx.RedisError, where: str, *, hint: str = DEFAULT_HINT) -> StoreError:
    """Turn a redis-py error into one ``StoreError`` line saying what is wrong and what to do.

    Args:
        exc: the redis-py error.
        where: the server's address, already stripped of credentials (``safe_url``).
        hint: what to do when the server cannot be reached at all.
    """
    text = str(exc)
    if isinstance(exc, rx.AuthenticationError | rx.AuthorizationError) or text.startswith(("NOAUTH", "WRONGPASS")):
        return StoreError(
            f"Redis at {where} refused Sitrep's credentials",
            hint="check the user and password in REDIS_URL",
        )
    if isinstance(exc, rx.BusyLoadingError):
        return StoreError(f"Redis at {where} is still loading its data", hint="try again in a moment")
    if isinstance(exc, rx.TimeoutError):
        return StoreError(f"Redis at {where} did not answer in time", hint=hint)
    if isinstance(exc, rx.ConnectionError):
        return StoreError(f"cannot reach Redis at {where}: {_connection_reason(exc)}", hint=hint)
    if isinstance(exc, rx.InvalidResponse):
        return StoreError(
            f"the server at {where} does not speak the Redis protocol",
            hint="check the host and port in REDIS_URL",
        )
    refusal = write_refusal(exc, where)
    if refusal is not None:
        return refusal
    if text.startswith("WRONGTYPE"):
        return StoreError(
            f"Redis at {where} holds a key of the wrong type: {_one_line(text)}",
            hint="if another application uses this Redis database, give Sitrep its own (REDIS_URL …/<db>)",
        )
    return StoreError(f"Redis at {where} rejected a command: {_one_line(text)}", hint="see the Redis server's log")


def write_refusal(exc: rx.RedisError, where: str) -> StoreError | None:
    """The ``StoreError`` for a server that answers but refuses every write, else None.

    Read-only replicas, ``maxmemory`` with ``noeviction``, and a disk it cannot persist to (MISCONF:
    a failed RDB save or AOF write, e.g. a full disk) all keep reads working and turn every write
    away; each gets its own line so the operator fixes the server, not Sitrep's configuration.
    """
    text = str(exc)
    if isinstance(exc, rx.ReadOnlyError) or text.startswith("READONLY"):
        return StoreError(
            f"Redis at {where} is a read-only replica and refuses writes",
            hint="point REDIS_URL at the primary (after a failover, at the new one)",
        )
    if isinstance(exc, rx.OutOfMemoryError) or text.startswith("OOM"):
        return StoreError(
            f"Redis at {where} is out of memory (maxmemory reached) and refuses writes",
            hint="raise its maxmemory or lower RETENTION_DAYS; Sitrep resumes storing when writes succeed",
        )
    if text.startswith("MISCONF"):
        disk = "its disk is full" if "no space left" in text.lower() else "it cannot persist to its disk"
        return StoreError(
            f"Redis at {where} refuses writes: {disk} (MISCONF)",
            hint="free disk space where Redis keeps its data (embedded: SITREP_DATA_DIR) and see its log; "
            "Sitrep resumes storing when writes succeed",
        )
    return None


def _guarded(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Map every redis-py error raised by a ``Store`` method to one ``StoreError`` line."""

    @functools.wraps(method)
    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except rx.RedisError as exc:
            raise store_error(exc, self.where) from exc

    return wrapper


def _score(ts: str) -> float:
    """ZSET score of a Slack ``ts``.

    A double holds a six-digit Slack ``ts`` exactly enough to keep order (its step near 1.7e9 is
    ~2.4e-7 s, finer than Slack's microseconds), so ``float`` ordering equals ``Decimal`` ordering
    for every real ts until the year 2242. Results are still re-sorted by ``ts_key`` in Python.
    """
    ts_to_datetime(ts)  # raises ValueError("not a Slack timestamp: ...") for anything else
    return float(ts_key(ts))


class Store:
    """Sitrep's Redis store; only redacted ``Message`` objects ever reach it.

    Every write refreshes one TTL on all of that channel's keys, so a channel's record ages out
    as a whole ``retention_days`` after its last activity.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        clock: Clock,
        retention_days: int = 90,
        retention_seconds: float | None = None,
        legal_hold: frozenset[str] = frozenset(),
    ) -> None:
        """Wrap ``client`` (built with ``decode_responses=True``).

        Args:
            client: a redis-py client; the store never builds its own.
            clock: the time source for time-based features.
            retention_days: how long a channel's data lives after its last write.
            retention_seconds: overrides ``retention_days`` (tests use a short retention).
            legal_hold: channel ids whose record never expires (LEGAL_HOLD_CHANNELS): every write
                removes their TTL instead of refreshing it.
        """
        seconds = retention_seconds if retention_seconds is not None else retention_days * 86400
        if seconds <= 0:
            raise ValueError("retention must be positive")
        self.client = client
        self._lock_script = client.register_script(_LOCK_SCRIPT)
        self._renew_script = client.register_script(_RENEW_SCRIPT)
        self._put_script = client.register_script(_PUT_SCRIPT)
        self._delete_script = client.register_script(_DELETE_SCRIPT)
        self._heads: dict[str, str] = {}
        """Channel -> the chain head this process last saw; a stale one costs one more round."""
        self.legal_hold = legal_hold
        self._claim_script = client.register_script(_CLAIM_SCRIPT)
        self._release_event_script = client.register_script(_RELEASE_EVENT_SCRIPT)
        self._release_script = client.register_script(_RELEASE_SCRIPT)
        self.clock = clock
        self.retention_ms = max(1, int(seconds * 1000))
        self.where = client_location(client)

    # -- health -------------------------------------------------------------------------------

    @_guarded
    def ping(self) -> None:
        """Check Redis answers, so start-up fails with a clear line instead of on first use."""
        self.client.ping()

    @_guarded
    def check_writable(self) -> None:
        """Write a short-lived probe key: a server that answers PING may still refuse every write.

        Raises:
            StoreError: the specific refusal (read-only, out of memory, disk) or the connection failure.
        """
        self.client.set(keys.health(), self.clock.now().isoformat(), px=60_000)

    # -- retention ------------------------------------------------------------------------------

    def channel_keys(self, channel: str) -> list[str]:
        """Every data key ``channel`` can have (whether or not it exists yet)."""
        return keys.channel_data(channel)

    def _held(self, channel: str) -> bool:
        """True when ``channel`` is under legal hold (its keys never expire)."""
        return channel in self.legal_hold

    def _ttl_arg(self, channel: str) -> str:
        return "0" if self._held(channel) else str(self.retention_ms)

    def _touch(self, pipe: Pipeline, channel: str) -> None:
        held = self._held(channel)
        for key in keys.channel_data(channel):
            if held:
                pipe.persist(key)
            else:
                pipe.pexpire(key, self.retention_ms)

    @_guarded
    def touch(self, channel: str) -> None:
        """Restart the retention clock of all of ``channel``'s keys."""
        pipe = self.client.pipeline(transaction=True)
        self._touch(pipe, channel)
        pipe.execute()

    @_guarded
    def purge_channel(self, channel: str) -> int:
        """Delete everything stored about ``channel`` and stop tracking it; returns keys removed."""
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(*keys.channel_data(channel))
        pipe.hdel(keys.channels(), channel)
        removed, _ = pipe.execute()
        self._heads.pop(channel, None)
        self.client.srem(keys.active(), channel)
        return int(removed)

    # -- messages -------------------------------------------------------------------------------

    @_guarded
    def put_message(self, msg: Message) -> bool:
        """Store ``msg``; storing the same ``ts`` again replaces it, so retries store once.

        Returns:
            True when the ``ts`` was new, False when it replaced a stored message.
        """
        if not isinstance(msg, Message):
            # RawMessage holds unredacted text; refusing it here is the last line of defence.
            raise TypeError(f"Store accepts only redacted Message objects, not {type(msg).__name__}")
        score = _score(msg.ts)
        reply_score = repr(_score(msg.thread_ts)) if msg.is_reply and msg.thread_ts is not None else ""
        # One script: the types are checked before the first write, so a failure leaves nothing
        # half written (MULTI/EXEC does not roll back a command that fails at EXEC, e.g. WRONGTYPE).
        # Marked active first: the active set is a global key (outside the channel's cluster slot,
        # so outside the script), and a reader that sees the message must find the channel active.
        # A write that then fails leaves only a channel the next tick finds has no news.
        self.client.sadd(keys.active(), msg.channel)
        version, kind = version_hash(msg), kind_of(msg)
        added = self._chained(
            self._put_script,
            msg.channel,
            [msg.ts, msg.model_dump_json(), repr(score), reply_score, self._ttl_arg(msg.channel)],
            lambda prev: ChainEntry.make(prev, version, kind, msg.ts),
        )
        return bool(added)

    @_guarded
    def delete_message(self, channel: str, ts: str) -> bool:
        """Remove one message (Slack ``message_deleted``) and chain its delete marker; True if it was stored."""
        version = delete_hash(channel, ts)
        removed = self._chained(
            self._delete_script,
            channel,
            [ts, self._ttl_arg(channel)],
            lambda prev: ChainEntry.make(prev, version, "delete", ts),
        )
        return bool(removed)

    def _chained(
        self, script: Callable[..., object], channel: str, args: list[str], entry: Callable[[str], ChainEntry]
    ) -> int:
        """Run a message script with the chain entry built on the head it finds (see ``_CHAIN_LUA``)."""
        written = [keys.messages(channel), keys.messages_index(channel), keys.replies(channel), keys.chain(channel)]
        script_keys = [*written, *(k for k in keys.channel_data(channel) if k not in written)]
        prev = self._heads.get(channel)
        if prev is None:
            prev = self.chain_head(channel)
        for _ in range(CHAIN_ATTEMPTS):
            reply = script(keys=script_keys, args=[*args, prev, entry(prev).encode()])
            if not isinstance(reply, list) or len(reply) != 2:  # pragma: no cover - the scripts return pairs
                raise StoreError(f"unexpected answer from the message script: {reply!r}")
            status, head = int(reply[0]), str(reply[1])
            self._heads[channel] = head
            if status >= 0:
                return status
            prev = head
        raise StoreError(
            f"the hash chain of {channel} kept moving; gave up after {CHAIN_ATTEMPTS} attempts",
            hint="another writer is storing the channel's messages at a very high rate; retry",
        )

    # -- the hash chain -------------------------------------------------------------------------

    @_guarded
    def chain_head(self, channel: str) -> str:
        """The newest chain entry's hash of ``channel`` (``GENESIS`` before its first message)."""
        last = self.client.lindex(keys.chain(channel), -1)
        return GENESIS if last is None else str(last)[:64]

    @_guarded
    def chain(self, channel: str) -> list[ChainEntry | None]:
        """Every chain entry of ``channel``, oldest first (None where an entry does not parse)."""
        return [ChainEntry.parse(str(raw)) for raw in self.client.lrange(keys.chain(channel), 0, -1)]

    @_guarded
    def verify_chain(self, channel: str) -> tuple[str | None, dict[str, set[str]], int]:
        """Recompute ``channel``'s chain against its stored messages (``chain.first_break``).

        Returns:
            (the first mismatch as one line or None, ts -> every version hash chained for it, entries read).
        """
        entries = self.chain(channel)
        raw = self.client.hgetall(keys.messages(channel))
        # The hash itself, not the index: a message whose index entry was removed is still stored.
        stored = {str(ts): self._load(Message, value, f"message {ts!s} of {channel}") for ts, value in raw.items()}
        problem, versions = first_break(entries, stored, channel)
        return problem, versions, len(entries)

    @_guarded
    def record_manifest(self, channel: str, manifest: str) -> None:
        """Keep an issued evidence manifest with the channel's record (same retention or hold)."""
        pipe = self.client.pipeline(transaction=True)
        pipe.rpush(keys.evidence(channel), manifest)
        self._touch(pipe, channel)
        pipe.execute()

    @_guarded
    def manifests(self, channel: str) -> list[str]:
        """The evidence manifests issued for ``channel``, oldest first."""
        return [str(m) for m in self.client.lrange(keys.evidence(channel), 0, -1)]

    @_guarded
    def get_message(self, channel: str, ts: str) -> Message | None:
        """The stored message ``ts`` of ``channel``, or None."""
        raw = self.client.hget(keys.messages(channel), ts)
        return None if raw is None else self._load(Message, raw, f"message {ts} of {channel}")

    @_guarded
    def messages(
        self,
        channel: str,
        *,
        after_ts: str | None = None,
        until_ts: str | None = None,
        limit: int | None = None,
    ) -> list[Message]:
        """Messages of ``channel`` in ``ts`` order, thread replies included.

        Args:
            after_ts: only messages strictly newer than this ts (what a rolling sitrep has not seen).
            until_ts: only messages at or before this ts (replay up to a point in time).
            limit: at most this many, the oldest first.
        """
        if limit is not None and limit <= 0:
            return []
        low = "-inf" if after_ts is None else f"({_score(after_ts)!r}"
        high = "+inf" if until_ts is None else repr(_score(until_ts))
        if limit is None:
            found = self.client.zrangebyscore(keys.messages_index(channel), low, high)
        else:
            found = self.client.zrangebyscore(keys.messages_index(channel), low, high, start=0, num=limit)
        return self._fetch(channel, [str(ts) for ts in found])

    @_guarded
    def thread(self, channel: str, thread_ts: str) -> list[Message]:
        """The parent ``thread_ts`` (when stored) followed by its replies, in order."""
        score = _score(thread_ts)
        reply_ts = self.client.zrangebyscore(keys.replies(channel), score, score)
        return self._fetch(channel, [thread_ts, *(str(ts) for ts in reply_ts)])

    @_guarded
    def count_messages(self, channel: str) -> int:
        """How many messages of ``channel`` are stored."""
        return int(self.client.zcard(keys.messages_index(channel)))

    @_guarded
    def last_ts(self, channel: str) -> str | None:
        """The newest stored ts of ``channel``: backfill resumes from here after a restart."""
        newest = self.client.zrange(keys.messages_index(channel), -1, -1)
        return str(newest[0]) if newest else None

    @_guarded
    def existing_ts(self, channel: str, ts_values: Iterable[str]) -> set[str]:
        """Which of ``ts_values`` are stored: a citation is grounded only if its ts exists."""
        wanted = list(dict.fromkeys(ts_values))
        if not wanted:
            return set()
        scores = self.client.zmscore(keys.messages_index(channel), wanted)
        return {ts for ts, score in zip(wanted, scores, strict=True) if score is not None}

    def _fetch(self, channel: str, ts_values: list[str]) -> list[Message]:
        if not ts_values:
            return []
        raws = self.client.hmget(keys.messages(channel), ts_values)
        found = [
            self._load(Message, raw, f"message {ts} of {channel}")
            for ts, raw in zip(ts_values, raws, strict=True)
            # None: deleted between the index read and this one; the index is never ahead for long
            if raw is not None
        ]
        return sorted(found, key=lambda m: ts_key(m.ts))

    # -- channels -------------------------------------------------------------------------------

    @_guarded
    def track_channel(self, channel: str, name: str) -> bool:
        """Remember that Sitrep follows ``channel`` (named ``name``) so restarts resume it.

        Returns True only for the one call that added it (one HSET), so two racing callers never both
        see a new channel.
        """
        return int(self.client.hset(keys.channels(), channel, name)) == 1

    @_guarded
    def untrack_channel(self, channel: str) -> None:
        """Stop following ``channel``; its record stays until retention removes it."""
        self.client.hdel(keys.channels(), channel)

    @_guarded
    def tracked_channels(self) -> dict[str, str]:
        """Channel id -> name of every tracked channel."""
        return {str(k): str(v) for k, v in self.client.hgetall(keys.channels()).items()}

    @_guarded
    def channel_name(self, channel: str) -> str | None:
        """The name ``channel`` was tracked under, or None when it is not tracked."""
        name = self.client.hget(keys.channels(), channel)
        return None if name is None else str(name)

    # -- incident, sitreps, board, postmortem ---------------------------------------------------

    @_guarded
    def get_incident(self, channel: str) -> IncidentState | None:
        """The lifecycle state of ``channel``'s incident, or None before it is opened."""
        return self._get(IncidentState, keys.incident(channel))

    @_guarded
    def save_incident(self, state: IncidentState) -> None:
        """Replace the incident state of ``state.channel``."""
        self._set(state.channel, keys.incident(state.channel), state)

    @_guarded
    def append_sitrep(self, sitrep: Sitrep) -> None:
        """Add ``sitrep`` as the newest of its channel; earlier ones are kept for the record."""
        pipe = self.client.pipeline(transaction=True)
        pipe.rpush(keys.sitreps(sitrep.channel), sitrep.model_dump_json())
        self._touch(pipe, sitrep.channel)
        pipe.execute()

    @_guarded
    def replace_sitreps(self, channel: str, changed: dict[int, Sitrep]) -> None:
        """Overwrite the sitreps at the given list positions (a deleted message's quotes scrubbed).

        Sitreps are only ever appended, so a position names the same sitrep while this runs.
        """
        pipe = self.client.pipeline(transaction=True)
        for index, sitrep in sorted(changed.items()):
            if sitrep.channel != channel:
                raise ValueError(f"sitrep of {sitrep.channel} saved under {channel}")
            pipe.lset(keys.sitreps(channel), index, sitrep.model_dump_json())
        self._touch(pipe, channel)
        pipe.execute()

    @_guarded
    def latest_sitrep(self, channel: str) -> Sitrep | None:
        """The newest sitrep of ``channel``: the next one is built from it."""
        raw = self.client.lindex(keys.sitreps(channel), -1)
        return None if raw is None else self._load(Sitrep, raw, keys.sitreps(channel))

    @_guarded
    def sitreps(self, channel: str) -> list[Sitrep]:
        """Every sitrep of ``channel``, oldest first."""
        raws = self.client.lrange(keys.sitreps(channel), 0, -1)
        return [self._load(Sitrep, raw, keys.sitreps(channel)) for raw in raws]

    @_guarded
    def get_board(self, channel: str) -> Board | None:
        """The hypothesis board of ``channel``, or None before the first hypothesis."""
        return self._get(Board, keys.board(channel))

    @_guarded
    def save_board(self, board: Board) -> None:
        """Replace the hypothesis board of ``board.channel``."""
        self._set(board.channel, keys.board(board.channel), board)

    @_guarded
    def get_postmortem(self, channel: str) -> Postmortem | None:
        """The current postmortem draft of ``channel``, or None."""
        return self._get(Postmortem, keys.postmortem(channel))

    @_guarded
    def save_postmortem(self, channel: str, pm: Postmortem) -> None:
        """Replace the postmortem draft of ``channel``.

        Raises:
            ValueError: when ``pm`` is about another channel's incident (a caller bug).
        """
        if pm.incident.channel != channel:
            raise ValueError(f"postmortem of {pm.incident.channel} saved under {channel}")
        self._set(channel, keys.postmortem(channel), pm)

    @staticmethod
    def _review_key(channel: str, kind: ReviewKind) -> str:
        return keys.rca_review(channel) if kind == "rca" else keys.review(channel)

    @_guarded
    def get_review(self, channel: str, *, kind: ReviewKind = "postmortem") -> Review | None:
        """The review of ``channel``'s postmortem (or external RCA): thread, verdicts, key moments; or None."""
        return self._get(Review, self._review_key(channel, kind))

    @_guarded
    def get_rca(self, channel: str) -> Rca | None:
        """The external RCA draft of ``channel``, or None."""
        return self._get(Rca, keys.rca(channel))

    @_guarded
    def save_rca(self, rca: Rca) -> None:
        self._set(rca.channel, keys.rca(rca.channel), rca)

    @_guarded
    def save_update(self, update: StatusUpdate) -> None:
        """Write one status update (draft, posted or discarded)."""
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(keys.updates(update.channel), update.id, update.model_dump_json())
        self._touch(pipe, update.channel)
        pipe.execute()

    @_guarded
    def get_update(self, channel: str, update_id: str) -> StatusUpdate | None:
        raw = self.client.hget(keys.updates(channel), update_id)
        return None if raw is None else self._load(StatusUpdate, raw, f"{keys.updates(channel)} {update_id}")

    @_guarded
    def status_updates(self, channel: str) -> list[StatusUpdate]:
        """Every status update of ``channel``, oldest first."""
        key = keys.updates(channel)
        raw: dict[str, str] = self.client.hgetall(key)  # type: ignore[assignment]  # decode_responses=True
        found = [self._load(StatusUpdate, value, f"{key} {name}") for name, value in raw.items()]
        return sorted(found, key=lambda u: (u.created_at, u.id))

    @_guarded
    def save_review(self, review: Review) -> None:
        """Replace the review of ``review.channel`` (use ``update_review`` when others may write too)."""
        self._set(review.channel, keys.review(review.channel), review)

    @_guarded
    def update_review(
        self,
        channel: str,
        change: Callable[[Review | None], Review | None],
        *,
        attempts: int = 50,
        kind: ReviewKind = "postmortem",
    ) -> Review | None:
        """Apply ``change`` to the stored review atomically and return what was stored.

        Two people approving at the same moment must both count: the read-change-write runs under
        WATCH and is retried when another writer got in between. ``change`` may run several times,
        so it must be pure; returning None (or the review unchanged) writes nothing.

        Raises:
            StoreError: when the review kept changing under us ``attempts`` times.
        """
        key = self._review_key(channel, kind)
        with self.client.pipeline(transaction=True) as pipe:
            for _ in range(attempts):
                try:
                    pipe.watch(key)  # type: ignore[no-untyped-call]
                    raw = pipe.get(key)
                    current = None if raw is None else self._load(Review, raw, key)
                    updated = change(current)
                    if updated is None or updated == current:
                        pipe.unwatch()
                        return current
                    if updated.channel != channel:
                        raise ValueError(f"review of {updated.channel} saved under {channel}")
                    pipe.multi()
                    pipe.set(key, updated.model_dump_json())
                    self._touch(pipe, channel)
                    pipe.execute()
                    return updated
                except rx.WatchError:
                    continue
        raise StoreError(f"the review of {channel} kept changing; gave up after {attempts} attempts")

    # -- tracker ledger -------------------------------------------------------------------------

    _STATUS_FIELD = "status_ts"

    @_guarded
    def tracker_issues(self, channel: str) -> dict[str, TrackerIssue]:
        """The issue ledger of ``channel``: action-item key -> the issue it became (or the last try)."""
        key = keys.trackers(channel)
        raw: dict[str, str] = self.client.hgetall(key)  # type: ignore[assignment]  # decode_responses=True
        return {
            str(name): self._load(TrackerIssue, value, f"{key} {name}")
            for name, value in raw.items()
            if name != self._STATUS_FIELD
        }

    @_guarded
    def save_tracker_issue(self, channel: str, issue: TrackerIssue) -> None:
        """Write one ledger row (before a tracker call as ``pending``, after it with the outcome)."""
        if issue.key == self._STATUS_FIELD:
            raise ValueError(f"{issue.key!r} is not an action-item key")
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(keys.trackers(channel), issue.key, issue.model_dump_json())
        self._touch(pipe, channel)
        pipe.execute()

    @_guarded
    def tracker_status_ts(self, channel: str) -> str | None:
        """ts of the thread message that shows each action item's issue and status."""
        value = self.client.hget(keys.trackers(channel), self._STATUS_FIELD)
        return None if value is None else str(value)

    @_guarded
    def set_tracker_status_ts(self, channel: str, ts: str) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(keys.trackers(channel), self._STATUS_FIELD, ts)
        self._touch(pipe, channel)
        pipe.execute()

    def _get(self, model: type[M], key: str) -> M | None:
        raw = self.client.get(key)
        return None if raw is None else self._load(model, raw, key)

    def _set(self, channel: str, key: str, value: BaseModel) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.set(key, value.model_dump_json())
        self._touch(pipe, channel)
        pipe.execute()

    @staticmethod
    def _load(model: type[M], raw: object, what: str) -> M:
        try:
            return model.model_validate_json(str(raw))
        except ValidationError as exc:
            raise StoreError(
                f"stored {what} is not a valid {model.__name__} ({exc.error_count()} problems)",
                hint="it was written by an incompatible Sitrep version or another program; "
                "delete the key or restore a backup",
            ) from None

    # -- scheduling ----------------------------------------------------------------------------

    @_guarded
    def active_channels(self) -> set[str]:
        """Channels that had messages since their last sitrep (idle channels cost a tick nothing)."""
        return {str(c) for c in self.client.smembers(keys.active())}

    @_guarded
    def mark_active(self, channel: str) -> None:
        """Put ``channel`` (back) on the active set."""
        self.client.sadd(keys.active(), channel)

    @_guarded
    def mark_idle(self, channel: str) -> None:
        """Take ``channel`` off the active set until its next message."""
        self.client.srem(keys.active(), channel)

    @_guarded
    def try_lock(self, channel: str, slot: str, *, owner: str, now: datetime, ttl_seconds: int) -> bool:
        """Claim ``slot`` of ``channel`` for ``owner`` until ``now + ttl_seconds``.

        A claim whose holder died lapses: once the injected clock passes its expiry, the next
        claimant takes it over (atomically, in one script), so a slot is never skipped forever.
        Redis' own TTL (twice as long) is only a backstop for garbage.
        """
        expires = now.timestamp() + ttl_seconds
        result = self._lock_script(
            keys=[keys.tick_lock(channel, slot)],
            args=[f"{owner}|{expires:.3f}", f"{now.timestamp():.3f}", str(ttl_seconds * 2000)],
        )
        return bool(result)

    @_guarded
    def renew_lock(self, channel: str, slot: str, *, owner: str, now: datetime, ttl_seconds: int) -> bool:
        """Extend ``owner``'s claim on ``slot`` to ``now + ttl_seconds``; False if another took it over."""
        expires = now.timestamp() + ttl_seconds
        result = self._renew_script(
            keys=[keys.tick_lock(channel, slot)], args=[owner, f"{owner}|{expires:.3f}", str(ttl_seconds * 2000)]
        )
        return bool(result)

    @_guarded
    def release_lock(self, channel: str, slot: str, *, owner: str) -> None:
        """Release a claim only if ``owner`` still holds it (never another replica's), in one step."""
        self._release_script(keys=[keys.tick_lock(channel, slot)], args=[owner])

    # -- delivery dedup -------------------------------------------------------------------------

    @_guarded
    def claim_event(self, event_id: str, *, lease_seconds: int = 30) -> EventClaim:
        """Claim ``event_id`` for this delivery until it is stored (``finish_event``) or released.

        A claim is a lease: if the holder dies before finishing, the injected clock passing
        ``lease_seconds`` lets a redelivery claim it again (Slack retries after about 1 and 5
        minutes), so a failed write never swallows an event. Redis' TTL (twice as long) only
        removes garbage.
        """
        now = self.clock.now().timestamp()
        result = self._claim_script(
            keys=[keys.event(event_id)],
            args=[f"{now:.3f}", f"{now + lease_seconds:.3f}", str(lease_seconds * 2000)],
        )
        claim = str(result)
        if claim not in ("claimed", "done", "busy"):  # pragma: no cover - the script returns only these
            raise StoreError(f"unexpected event claim answer {claim!r}")
        return claim  # type: ignore[return-value]

    @_guarded
    def finish_event(self, event_id: str, *, ttl_seconds: int = 3600) -> None:
        """Mark ``event_id`` stored: its redeliveries are acked and dropped for ``ttl_seconds``."""
        self.client.set(keys.event(event_id), "done", ex=ttl_seconds)

    @_guarded
    def release_event(self, event_id: str) -> None:
        """Give up a claim whose work failed, so Slack's redelivery of the event is stored."""
        self._release_event_script(keys=[keys.event(event_id)])

    @_guarded
    def claim_request(self, digest: str, *, ttl_seconds: int) -> bool:
        """True the first time a signed request (named by ``digest``) is seen within ``ttl_seconds``."""
        return bool(self.client.set(keys.request_seen(digest), "1", nx=True, ex=ttl_seconds))

    # -- inspection -----------------------------------------------------------------------------

    @_guarded
    def dump_all(self) -> dict[str, object]:
        """Every key in this Redis database and its contents (leak tests read all of it)."""
        out: dict[str, object] = {}
        for key in self.client.scan_iter(count=500):
            name = str(key)
            kind = self.client.type(name)
            value: object
            if kind == "string":
                value = self.client.get(name)
            elif kind == "hash":
                value = dict(self.client.hgetall(name))
            elif kind == "list":
                value = list(self.client.lrange(name, 0, -1))
            elif kind == "zset":
                value = list(self.client.zrange(name, 0, -1, withscores=True))
            elif kind == "set":
                value = sorted(self.client.smembers(name))
            elif kind == "stream":
                value = list(self.client.xrange(name) or [])
            elif kind == "none":  # expired or deleted during the scan
                continue
            else:
                value = "<" + str(kind) + ">"
            out[name] = value
        return out
