"""The Redis store: the redacted message record and every per-channel artefact Sitrep keeps."""

from __future__ import annotations

import functools
import hashlib
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Concatenate, Literal, ParamSpec, TypeAlias, TypeVar, cast
from urllib.parse import urlsplit

import redis
from pydantic import BaseModel, ValidationError
from redis import exceptions as rx
from redis.cluster import RedisCluster

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
from bot.store.caches import Expiring, Throttle

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)

Client: TypeAlias = "redis.Redis | RedisCluster"
"""A standalone client or a cluster client: the store speaks to both the same way."""

TOUCH_EVERY = timedelta(minutes=1)
"""A channel's whole retention is refreshed at most this often (per process)."""
TRACKED_MAX_AGE = timedelta(seconds=60)
"""How long "this channel is tracked" is believed without asking Redis."""
INCIDENT_MAX_AGE = timedelta(seconds=1)
"""How long a cached incident state is folded into before it is read again (the read rides along in
the next batch's pipeline, so it costs a command, not a round trip)."""
_DOCUMENTS_KEPT = 3_000
"""Decoded documents remembered at most (three a channel: incident, board, latest sitrep)."""

EventClaim = Literal["claimed", "done", "busy"]
"""``claimed``: this delivery stores the event; ``done``: stored before; ``busy``: another delivery is storing it."""


@dataclass(frozen=True)
class SitrepView:
    """What deciding whether a channel's next sitrep is due reads: one round trip (``Store.sitrep_view``)."""

    latest: Sitrep | None
    """The newest sitrep (None before the first)."""
    last_ts: str | None
    """The newest stored message's ts (None before the first)."""
    incident: IncidentState | None
    """The lifecycle state (None before the incident is opened)."""


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

# Claim -> "sending" marker, only for the claim's owner; the TTL argument '0' is a legal hold (none).
_UPDATE_SENDING_SCRIPT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
"""


@dataclass(frozen=True)
class PostHold:
    """What holds a status update's posting key when a click tries to claim it."""

    SENDING: ClassVar[str] = "sending"
    POSTED: ClassVar[str] = "posted"

    user: str
    """The user id of the click that holds it, or that posted it ('' when not known)."""
    state: Literal["claimed", "sending", "posted"]
    """claimed: a click checks the draft; sending: a post went (or is going) out; posted: it is recorded."""
    since: float | None = None
    """sending: when the post started (epoch seconds, the bot's clock)."""
    ts: str | None = None
    """posted: the ts of the message in the channel."""

    @classmethod
    def parse(cls, value: str) -> PostHold:
        head, _, rest = value.partition("|")
        if head == cls.POSTED:
            user, _, ts = rest.partition("|")
            return cls(user, "posted", ts=ts or None)
        if head == cls.SENDING:
            _owner, user, since = [*rest.split("|"), "", ""][:3]
            try:
                return cls(user, "sending", since=float(since))
            except ValueError:
                return cls(user, "sending")
        return cls(rest, "claimed")


# Scripts start with "#!lua" so the server refuses them before the first write when it cannot
# write at all (OOM, MISCONF, READONLY): a script without flags is checked only at its first write.

# The message scripts also append the version's hash-chain entry (bot/integrity.py). Redis' Lua
# has no sha256, so Python computes the entry from the head it last saw (ARGV: expected head, entry)
# and the script appends only if that is still the head; otherwise it writes nothing and returns
# the real head, and Python recomputes. Both return {status, head after}: status -1 is that
# conflict, 0 / 1 what HSET / HDEL returned. A TTL of '0' is a legal hold: PERSIST, no expiry.
_CHAIN_LUA = (
    """
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

# KEYS: the message hash, its index, the replies index, the chain. ARGV: 1 ts, 2 Message JSON,
# 3 score, 4 reply score ('' when not a reply), 5 TTL ms ('0': legal hold), 6 '1' to set the TTL of
# the four keys (they may be new to this process), 7 the head Python expects, 8 the chain entry.
# The hot path is five commands (EVALSHA, LINDEX, HSETNX, ZADD, RPUSH). Instead of checking four
# key types up front on every write, each write is a pcall and a failed one (a foreign key of the
# wrong type) takes back what this call wrote, so nothing is left half written.
_PUT_SCRIPT = (
    "#!lua"
    + _CHAIN_LUA
    + """
local current = head()
if current ~= ARGV[7] then return {-1, current} end
local old = nil
local added = redis.pcall('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if type(added) == 'table' then return added end
if added == 0 then
  old = redis.call('HGET', KEYS[1], ARGV[1])
  if old == ARGV[2] then
    if ARGV[6] == '1' then keep(ARGV[5]) end
    return {0, current}
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
local undo = {}
local function fail(err)
  for i = #undo, 1, -1 do redis.call(unpack(undo[i])) end
  if old then redis.call('HSET', KEYS[1], ARGV[1], old) else redis.call('HDEL', KEYS[1], ARGV[1]) end
  return err
end
local r = redis.pcall('ZADD', KEYS[2], ARGV[3], ARGV[1])
if type(r) == 'table' then return fail(r) end
if r == 1 then undo[#undo + 1] = {'ZREM', KEYS[2], ARGV[1]} end
if ARGV[4] ~= '' then
  r = redis.pcall('ZADD', KEYS[3], ARGV[4], ARGV[1])
  if type(r) == 'table' then return fail(r) end
  if r == 1 then undo[#undo + 1] = {'ZREM', KEYS[3], ARGV[1]} end
elseif old then
  r = redis.pcall('ZREM', KEYS[3], ARGV[1])
  if type(r) == 'table' then return fail(r) end
end
local length = redis.pcall('RPUSH', KEYS[4], ARGV[8])
if type(length) == 'table' then return fail(length) end
-- A chain of one entry was just created, and so (most likely) were the other keys.
if ARGV[6] == '1' or length == 1 then keep(ARGV[5]) end
if old then return {0, string.sub(ARGV[8], 1, 64)} end
return {1, string.sub(ARGV[8], 1, 64)}
"""
)

_DELETE_SCRIPT = (
    "#!lua"
    + _CHAIN_LUA
    + """
local want = {'hash', 'zset', 'zset', 'list'}
for i = 1, 4 do
  local kind = redis.call('TYPE', KEYS[i])['ok']
  if kind ~= 'none' and kind ~= want[i] then
    return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' holds a ' .. kind .. ', not a ' .. want[i])
  end
end
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

# Compare-and-set of the incident state: the cached copy a replica folds a message into may be
# stale (another replica resolved the incident), so the write lands only on what was read.
_INCIDENT_CAS_SCRIPT = """#!lua
local held = redis.call('GET', KEYS[1])
if (held or '') ~= ARGV[1] then return {0, held or ''} end
if ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return {1, ARGV[2]}
"""

# A sitrep's new messages and the channel's count, read in one snapshot and one round trip: the
# index range, then each message by its ts (false for one the index is ahead of), then the count.
# HGET one by one rather than HMGET with unpack(), which stops at a few thousand arguments.
_WINDOW_SCRIPT = """#!lua
local found = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf')
local raws = {}
for i, ts in ipairs(found) do raws[i] = redis.call('HGET', KEYS[2], ts) end
return {redis.call('ZCARD', KEYS[1]), found, raws}
"""

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


@dataclass(frozen=True)
class Script:
    """A Lua script called by its SHA1 (EVALSHA), so a pipeline can carry it without a SCRIPT EXISTS trip."""

    body: str
    sha: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha", hashlib.sha1(self.body.encode(), usedforsecurity=False).hexdigest())


def client_location(client: Client) -> str:
    """Where ``client`` points, as a URL without credentials."""
    if isinstance(client, RedisCluster):
        nodes = client.get_nodes()  # type: ignore[no-untyped-call]
        first = nodes[0] if nodes else None
        return f"redis+cluster://{first.host}:{first.port}" if first else "redis+cluster://"
    kw = client.connection_pool.connection_kwargs
    if kw.get("path"):
        return f"unix://{kw['path']}"
    return f"redis://{kw.get('host', 'localhost')}:{kw.get('port', 6379)}/{kw.get('db', 0)}"


def one_line(text: str, limit: int = 200) -> str:
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
    return one_line(str(exc)).rstrip(".") or type(exc).__name__


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
            f"Redis at {where} holds a key of the wrong type: {one_line(text)}",
            hint="if another application uses this Redis database, give Sitrep its own (REDIS_URL …/<db>)",
        )
    return StoreError(f"Redis at {where} rejected a command: {one_line(text)}", hint="see the Redis server's log")


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
        except rx.RedisClusterException as exc:  # a cluster client's own errors are not RedisErrors
            raise StoreError(
                f"the Redis cluster at {self.where} failed a command: {one_line(str(exc))}",
                hint="check that every node of the cluster is up (CLUSTER INFO says cluster_state:ok)",
            ) from exc

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

    A channel's record ages out as a whole ``retention_days`` after its last activity: every key
    gets the TTL when it is written, and all of the channel's keys are refreshed together at most
    once per ``touch_every`` of the clock (not on every write: that was most of the commands a
    message cost).
    """

    def __init__(
        self,
        client: Client,
        *,
        clock: Clock,
        retention_days: int = 90,
        retention_seconds: float | None = None,
        legal_hold: frozenset[str] = frozenset(),
        touch_every: timedelta = TOUCH_EVERY,
        tracked_max_age: timedelta = TRACKED_MAX_AGE,
        incident_max_age: timedelta = INCIDENT_MAX_AGE,
    ) -> None:
        """Wrap ``client`` (built with ``decode_responses=True``).

        Args:
            client: a redis-py client, ``redis.Redis`` or ``RedisCluster``; the store never builds its own.
            clock: the time source for time-based features (and for the caches below).
            retention_days: how long a channel's data lives after its last write.
            retention_seconds: overrides ``retention_days`` (tests use a short retention).
            legal_hold: channel ids whose record never expires (LEGAL_HOLD_CHANNELS): every write
                removes their TTL instead of refreshing it.
            touch_every: at most one refresh of a channel's whole retention per this much time.
            tracked_max_age: how long "this channel is tracked" is believed without asking Redis
                (another replica's untrack is seen this late at worst; "not tracked" is never cached).
            incident_max_age: how long a cached incident state is used to fold messages into (after
                that the next batch reads it again, in its own pipeline); its writes are
                compare-and-set, so a stale copy costs a retry, never a lost update.
        """
        seconds = retention_seconds if retention_seconds is not None else retention_days * 86400
        if seconds <= 0:
            raise ValueError("retention must be positive")
        self.client = client
        self.cluster = isinstance(client, RedisCluster)
        """A cluster client: a pipeline's commands to different nodes run in no fixed order."""
        self._scripts = {
            name: Script(body)
            for name, body in {
                "lock": _LOCK_SCRIPT,
                "renew": _RENEW_SCRIPT,
                "release": _RELEASE_SCRIPT,
                "update_sending": _UPDATE_SENDING_SCRIPT,
                "put": _PUT_SCRIPT,
                "delete": _DELETE_SCRIPT,
                "claim": _CLAIM_SCRIPT,
                "release_event": _RELEASE_EVENT_SCRIPT,
                "incident": _INCIDENT_CAS_SCRIPT,
                "window": _WINDOW_SCRIPT,
            }.items()
        }
        self._heads: dict[str, str] = {}
        """Channel -> the chain head this process last saw; a stale one costs one more round."""
        self.legal_hold = legal_hold
        self.clock = clock
        self.retention_ms = max(1, int(seconds * 1000))
        # A retention shorter than the refresh period (tests) is refreshed on every write.
        self._touches: Throttle[str] = Throttle(clock.now, min(touch_every, timedelta(seconds=seconds / 4)))
        self._with_ttl: dict[str, frozenset[str]] = {}
        """Channel -> its keys that existed (so got the TTL) at this process's last refresh."""
        self._tracked: Expiring[str, str] = Expiring(clock.now, tracked_max_age)
        self._incidents: Expiring[str, str] = Expiring(clock.now, incident_max_age)
        """Channel -> the incident JSON as last read or written ('' for none)."""
        self._documents: dict[str, tuple[type[BaseModel], str, BaseModel]] = {}
        """Key -> the JSON last read from it and what it decoded to (``_load_document``)."""
        self.where = client_location(client)

    def _run(self, name: str, keys_: list[str], args: list[str]) -> Any:
        """Run a script by its SHA, loading it on NOSCRIPT (a restarted or new server)."""
        script = self._scripts[name]
        try:
            return self.client.evalsha(script.sha, len(keys_), *keys_, *args)
        except rx.NoScriptError:
            self._load_scripts()
            return self.client.evalsha(script.sha, len(keys_), *keys_, *args)

    def _load_scripts(self) -> None:
        for script in self._scripts.values():
            self.client.script_load(script.body)  # a cluster client loads it on every primary

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

    def _expire(self, pipe: Any, channel: str, key: str) -> None:
        """Give one just-written key the channel's TTL (or keep it forever under legal hold)."""
        if self._held(channel):
            pipe.persist(key)
        else:
            pipe.pexpire(key, self.retention_ms)

    def _touch(self, pipe: Any, channel: str, *, force: bool = False) -> bool:
        """Queue the refresh of all of ``channel``'s keys when it is due (or ``force``); True if queued."""
        if not (force or self._touches.due(channel)):
            return False
        for key in keys.channel_data(channel):
            self._expire(pipe, channel, key)
        return True

    def _touched(self, channel: str, replies: list[object]) -> None:
        """Record a refresh: which keys existed then (PEXPIRE/PERSIST answer 1 for those with a TTL set)."""
        self._touches.done(channel)
        existing = {key for key, reply in zip(keys.channel_data(channel), replies, strict=True) if reply}
        self._with_ttl[channel] = frozenset(existing)

    def _write_key(self, channel: str, key: str, write: Callable[[Any], object]) -> None:
        """``write`` to ``key`` (a list or hash: no TTL option), giving it the TTL, in one round trip."""

        def build(pipe: Any) -> None:
            write(pipe)
            self._expire(pipe, channel, key)

        self._write(channel, build)

    def _write(self, channel: str, build: Callable[[Any], object], *, transaction: bool = True) -> list[Any]:
        """One round trip: the writes ``build`` queues, then the channel's refresh if it is due."""
        pipe = self.client.pipeline(transaction=transaction)
        build(pipe)
        queued = len(pipe)
        touching = self._touch(pipe, channel)
        results: list[Any] = pipe.execute()
        if touching:
            self._touched(channel, results[queued:])
        return results[:queued]

    @_guarded
    def touch(self, channel: str) -> None:
        """Restart the retention clock of all of ``channel``'s keys (now, whatever the throttle says)."""
        pipe = self.client.pipeline(transaction=True)
        self._touch(pipe, channel, force=True)
        self._touched(channel, pipe.execute())

    def _forget(self, channel: str) -> None:
        """Drop what this process believes about ``channel`` (after a delete or a purge)."""
        self._heads.pop(channel, None)
        self._with_ttl.pop(channel, None)
        self._touches.forget(channel)
        self._incidents.drop(channel)

    @_guarded
    def purge_channel(self, channel: str) -> int:
        """Delete everything stored about ``channel`` and stop tracking it; returns keys removed.

        Untracked first (both global keys, one slot, one transaction), then the channel's own keys
        (its slot): a reader never finds a tracked channel whose record is half gone.
        """
        pipe = self.client.pipeline(transaction=True)
        pipe.hdel(keys.channels(), channel)
        pipe.srem(keys.active(), channel)
        pipe.execute()
        self._tracked.drop(channel)
        removed = int(self.client.delete(*keys.channel_data(channel)))
        self._forget(channel)
        return removed

    @_guarded
    def migrate_legacy_keys(self) -> int:
        """Move the global keys of an older Sitrep (``sitrep:channels``, ``sitrep:active``) under
        ``{global}``; returns how many were moved. Safe to run on every start and from every replica."""
        moved = 0
        for old, new in keys.LEGACY_GLOBALS.items():
            kind = self.client.type(old)
            if kind == "hash":
                self.client.hset(new, mapping=dict(self.client.hgetall(old)))  # type: ignore[arg-type]
            elif kind == "set":
                members = self.client.smembers(old)
                if members:
                    self.client.sadd(new, *members)
            else:
                continue
            self.client.delete(old)
            moved += 1
        return moved

    # -- messages -------------------------------------------------------------------------------

    @_guarded
    def put_message(self, msg: Message) -> bool:
        """Store ``msg``; storing the same ``ts`` again replaces it, so retries store once.

        Returns:
            True when the ``ts`` was new, False when it replaced a stored message.
        """
        return self._put_messages([msg])[0]

    @_guarded
    def put_messages(self, messages: Sequence[Message]) -> list[bool]:
        """Store a batch in one round trip (two on a cluster); per message as ``put_message``.

        Returns:
            For each message, True when its ``ts`` was new.
        """
        return self._put_messages(messages)

    def _put_messages(self, messages: Sequence[Message]) -> list[bool]:
        for msg in messages:
            if not isinstance(msg, Message):
                # RawMessage holds unredacted text; refusing it here is the last line of defence.
                raise TypeError(f"Store accepts only redacted Message objects, not {type(msg).__name__}")
        if not messages:
            return []
        args = [self._put_args(msg) for msg in messages]
        channels = list(dict.fromkeys(msg.channel for msg in messages))
        heads = {channel: self._heads.get(channel) or self.chain_head(channel) for channel in channels}

        # Each message is chained on the entry of the one before it in the batch; a message that
        # turns out to change nothing (a redelivery) or a head another writer moved makes the rest
        # of that channel's batch come back -1, and those are written one by one below.
        # A cached incident state older than ``incident_max_age`` is read again in this same round
        # trip, so the lifecycle is folded into what another replica wrote at most that long ago.
        reading = [channel for channel in channels if self._incidents.get(channel) is None]

        def build() -> tuple[Any, list[str]]:
            pipe = self.client.pipeline(transaction=False)
            chained = dict(heads)
            for msg, (arg, entry) in zip(messages, args, strict=True):
                prev = chained[msg.channel]
                line = entry(prev).encode()
                # execute_command: a cluster pipeline refuses its evalsha method, not the command itself
                pipe.execute_command(
                    "EVALSHA", self._scripts["put"].sha, 4, *self._message_keys(msg.channel), *arg, prev, line
                )
                chained[msg.channel] = line[:64]
            for channel in reading:
                pipe.get(keys.incident(channel))
            touching = [channel for channel in channels if self._touch(pipe, channel)]
            # Active after the write: a tick that marks the channel idle either runs before this SADD
            # (which puts it back) or after it, when the message is already there for its re-check.
            # A cluster pipeline sends to each node in no fixed order, so there it is a second trip.
            if not self.cluster:
                pipe.sadd(keys.active(), *channels)
            return pipe, touching

        pipe, touching = build()
        results: list[Any] = pipe.execute(raise_on_error=False)
        if any(isinstance(r, rx.NoScriptError) for r in results):
            # A new or restarted server: load the scripts and run the batch again. Safe: a message
            # already written is found unchanged and written no second time.
            self._load_scripts()
            pipe, touching = build()
            results = pipe.execute(raise_on_error=False)
        if self.cluster:
            self.client.sadd(keys.active(), *channels)
        done: list[bool] = []
        for msg, (arg, entry), reply in zip(messages, args, results, strict=False):
            if isinstance(reply, Exception):
                raise reply
            status, head = int(reply[0]), str(reply[1])
            self._heads[msg.channel] = head
            if status < 0:  # the head moved: this and the rest of the channel's batch, one by one
                status = self._chained("put", msg.channel, self._message_keys(msg.channel), arg, entry)
            done.append(status == 1)
            if arg[5] == "1":  # the script gave its keys the TTL; the replies index exists only for a reply
                msg_keys = self._message_keys(msg.channel)
                now_known = {msg_keys[0], msg_keys[1], msg_keys[3], *([msg_keys[2]] if arg[3] else [])}
                self._with_ttl[msg.channel] = self._with_ttl.get(msg.channel, frozenset()) | now_known
        for channel, raw in zip(reading, results[len(messages) : len(messages) + len(reading)], strict=True):
            if isinstance(raw, Exception):
                raise raw
            self._incidents.put(channel, "" if raw is None else str(raw))
        self._after_touch(touching, results[len(messages) + len(reading) :])
        return done

    def _after_touch(self, touching: list[str], replies: list[Any]) -> None:
        for i, channel in enumerate(touching):
            n = len(keys.channel_data(channel))
            self._touched(channel, replies[i * n : (i + 1) * n])

    def _message_keys(self, channel: str) -> list[str]:
        return [keys.messages(channel), keys.messages_index(channel), keys.replies(channel), keys.chain(channel)]

    def _ensure_ttl(self, channel: str, *, reply: bool) -> str:
        """'1' when a key this write may create was absent at this process's last refresh (so may lack the TTL).

        A top-level message can create the hash, its index and the chain; a reply also the replies index.
        """
        if self._held(channel):
            return "0"
        known = self._with_ttl.get(channel, frozenset())
        msg_keys, index_keys, replies, chain = self._message_keys(channel)
        wanted = (msg_keys, index_keys, chain, replies) if reply else (msg_keys, index_keys, chain)
        return "0" if all(k in known for k in wanted) else "1"

    def _put_args(self, msg: Message) -> tuple[list[str], Callable[[str], ChainEntry]]:
        score = _score(msg.ts)
        reply_score = repr(_score(msg.thread_ts)) if msg.is_reply and msg.thread_ts is not None else ""
        version, kind = version_hash(msg), kind_of(msg)
        arg = [
            msg.ts,
            msg.model_dump_json(),
            repr(score),
            reply_score,
            self._ttl_arg(msg.channel),
            self._ensure_ttl(msg.channel, reply=bool(reply_score)),
        ]
        return arg, lambda prev: ChainEntry.make(prev, version, kind, msg.ts)

    @_guarded
    def delete_message(self, channel: str, ts: str) -> bool:
        """Remove one message (Slack ``message_deleted``) and chain its delete marker; True if it was stored."""
        version = delete_hash(channel, ts)
        removed = self._chained(
            "delete",
            channel,
            self._message_keys(channel),
            [ts, self._ttl_arg(channel)],
            lambda prev: ChainEntry.make(prev, version, "delete", ts),
        )
        # A delete can empty (so remove) a key this process believes has its TTL.
        self._with_ttl.pop(channel, None)
        return bool(removed)

    def _chained(
        self, script: str, channel: str, script_keys: list[str], args: list[str], entry: Callable[[str], ChainEntry]
    ) -> int:
        """Run a message script with the chain entry built on the head it finds (see ``_CHAIN_LUA``)."""
        prev = self._heads.get(channel)
        if prev is None:
            prev = self.chain_head(channel)
        for _ in range(CHAIN_ATTEMPTS):
            reply = self._run(script, script_keys, [*args, prev, entry(prev).encode()])
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
        key = keys.evidence(channel)
        self._write_key(channel, key, lambda pipe: pipe.rpush(key, manifest))

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
    def get_messages(self, channel: str, ts_values: Iterable[str]) -> dict[str, Message]:
        """ts -> stored message for those of ``ts_values`` that are stored, in one round trip."""
        wanted = list(dict.fromkeys(ts_values))
        if not wanted:
            return {}
        raws = self.client.hmget(keys.messages(channel), wanted)
        return {
            ts: self._load(Message, raw, f"message {ts} of {channel}")
            for ts, raw in zip(wanted, raws, strict=True)
            if raw is not None
        }

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
    def messages_and_count(self, channel: str, *, after_ts: str | None) -> tuple[list[Message], int]:
        """``messages(channel, after_ts=...)`` and ``count_messages(channel)`` in one round trip, not three.

        One script (``_WINDOW_SCRIPT``) reads both in one snapshot: the count includes what is listed.
        """
        low = "-inf" if after_ts is None else f"({_score(after_ts)!r}"
        total, found, raws = self._run("window", [keys.messages_index(channel), keys.messages(channel)], [low])
        messages = [
            self._load(Message, raw, f"message {ts} of {channel}")
            for ts, raw in zip(found, raws, strict=True)
            if raw is not None  # the index is never ahead for long (a delete between its two writes)
        ]
        return sorted(messages, key=lambda m: ts_key(m.ts)), int(total)

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
        new = int(self.client.hset(keys.channels(), channel, name)) == 1
        self._tracked.put(channel, name)
        return new

    @_guarded
    def untrack_channel(self, channel: str) -> None:
        """Stop following ``channel``; its record stays until retention removes it."""
        self.client.hdel(keys.channels(), channel)
        self._tracked.drop(channel)

    @_guarded
    def tracked_channels(self) -> dict[str, str]:
        """Channel id -> name of every tracked channel."""
        tracked = {str(k): str(v) for k, v in self.client.hgetall(keys.channels()).items()}
        for channel, name in tracked.items():
            self._tracked.put(channel, name)
        return tracked

    @_guarded
    def channel_name(self, channel: str, *, fresh: bool = False) -> str | None:
        """The name ``channel`` was tracked under, or None when it is not tracked.

        "Tracked" is answered from memory for up to ``tracked_max_age``: a channel another replica
        untracked is still stored that long (retention removes it). "Not tracked" always asks
        Redis, so a channel another replica just started tracking is never missed.
        """
        cached = None if fresh else self._tracked.get(channel)
        if cached is not None:
            return cached
        name = self.client.hget(keys.channels(), channel)
        if name is None:
            self._tracked.drop(channel)
            return None
        self._tracked.put(channel, str(name))
        return str(name)

    # -- incident, sitreps, board, postmortem ---------------------------------------------------

    @_guarded
    def get_incident(self, channel: str) -> IncidentState | None:
        """The lifecycle state of ``channel``'s incident, or None before it is opened (always read)."""
        raw = self.client.get(keys.incident(channel))
        self._incidents.put(channel, "" if raw is None else str(raw))
        return None if raw is None else self._load_document(IncidentState, raw, keys.incident(channel))

    @_guarded
    def save_incident(self, state: IncidentState) -> None:
        """Replace the incident state of ``state.channel``."""
        self._set(state.channel, keys.incident(state.channel), state)
        self._incidents.put(state.channel, state.model_dump_json())

    @_guarded
    def update_incident(
        self, channel: str, change: Callable[[IncidentState | None], IncidentState | None], *, attempts: int = 20
    ) -> IncidentState | None:
        """Fold a change into the incident state, starting from the copy this process cached.

        The hot path of ingest: most messages change nothing, and then this costs no round trip
        while the cached copy is younger than ``incident_max_age``. A change is written
        compare-and-set against the copy it was made from, so a copy another replica made stale
        (a ``/resolve``) is re-read and the change re-applied, never written over the newer state.
        ``change`` may run several times, so it must be pure; None means "nothing to write".

        Returns:
            the state as stored afterwards (None when there is none).
        """
        key = keys.incident(channel)
        raw = self._incidents.get(channel)
        if raw is None:
            fetched = self.client.get(key)
            raw = "" if fetched is None else str(fetched)
            self._incidents.put(channel, raw)  # the copy's age counts from this read, not from its uses
        for _ in range(attempts):
            current = self._load_document(IncidentState, raw, key) if raw else None
            updated = change(current)
            if updated is None or updated == current:
                return current
            if updated.channel != channel:
                raise ValueError(f"incident of {updated.channel} saved under {channel}")
            text = updated.model_dump_json()
            written, held = self._run("incident", [key], [raw, text, self._ttl_arg(channel)])
            raw = str(held)
            self._incidents.put(channel, raw)
            if int(written):
                return updated
        raise StoreError(f"the incident state of {channel} kept changing; gave up after {attempts} attempts")

    @_guarded
    def append_sitrep(self, sitrep: Sitrep) -> None:
        """Add ``sitrep`` as the newest of its channel; earlier ones are kept for the record."""
        key = keys.sitreps(sitrep.channel)
        self._write_key(sitrep.channel, key, lambda pipe: pipe.rpush(key, sitrep.model_dump_json()))

    @_guarded
    def replace_sitreps(self, channel: str, changed: dict[int, Sitrep]) -> None:
        """Overwrite the sitreps at the given list positions (a deleted message's quotes scrubbed).

        Sitreps are only ever appended, so a position names the same sitrep while this runs.
        """
        for sitrep in changed.values():
            if sitrep.channel != channel:
                raise ValueError(f"sitrep of {sitrep.channel} saved under {channel}")

        def build(pipe: Any) -> None:
            for index, sitrep in sorted(changed.items()):
                pipe.lset(keys.sitreps(channel), index, sitrep.model_dump_json())

        self._write(channel, build)

    @_guarded
    def latest_sitrep(self, channel: str) -> Sitrep | None:
        """The newest sitrep of ``channel``: the next one is built from it."""
        raw = self.client.lindex(keys.sitreps(channel), -1)
        return None if raw is None else self._load_document(Sitrep, raw, keys.sitreps(channel))

    @_guarded
    def sitrep_view(self, channel: str) -> SitrepView:
        """``latest_sitrep``, ``last_ts`` and ``get_incident`` of ``channel`` in one round trip.

        A scheduler tick asks all three of every active channel; their keys share the channel's
        hash slot, so this is one pipeline on a cluster too.
        """
        pipe = self.client.pipeline(transaction=False)
        pipe.lindex(keys.sitreps(channel), -1)
        pipe.zrange(keys.messages_index(channel), -1, -1)
        pipe.get(keys.incident(channel))
        sitrep_raw, newest, incident_raw = pipe.execute()
        self._incidents.put(channel, "" if incident_raw is None else str(incident_raw))
        return SitrepView(
            latest=None if sitrep_raw is None else self._load_document(Sitrep, sitrep_raw, keys.sitreps(channel)),
            last_ts=str(newest[0]) if newest else None,
            incident=None
            if incident_raw is None
            else self._load_document(IncidentState, incident_raw, keys.incident(channel)),
        )

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
    def board_and_incident(self, channel: str) -> tuple[Board | None, IncidentState | None]:
        """``get_board`` and ``get_incident`` in one round trip (a board refresh needs both)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.get(keys.board(channel))
        pipe.get(keys.incident(channel))
        board_raw, incident_raw = pipe.execute()
        self._incidents.put(channel, "" if incident_raw is None else str(incident_raw))
        board = None if board_raw is None else self._load_document(Board, board_raw, keys.board(channel))
        incident = (
            None if incident_raw is None else self._load_document(IncidentState, incident_raw, keys.incident(channel))
        )
        return board, incident

    @_guarded
    def save_board_and_incident(self, board: Board, state: IncidentState) -> None:
        """``save_board`` and ``save_incident`` of one channel in one round trip."""
        channel = board.channel
        if state.channel != channel:
            raise ValueError(f"incident of {state.channel} saved with the board of {channel}")
        text = state.model_dump_json()

        def build(pipe: Any) -> None:
            pipe.set(keys.board(channel), board.model_dump_json(), px=self._px(channel))
            pipe.set(keys.incident(channel), text, px=self._px(channel))

        self._write(channel, build)
        self._incidents.put(channel, text)

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
                    pipe.watch(key)
                    raw = pipe.get(key)
                    current = None if raw is None else self._load(Review, raw, key)
                    updated = change(current)
                    if updated is None or updated == current:
                        pipe.unwatch()
                        return current
                    if updated.channel != channel:
                        raise ValueError(f"review of {updated.channel} saved under {channel}")
                    pipe.multi()
                    pipe.set(key, updated.model_dump_json(), px=self._px(channel))
                    touching = self._touch(pipe, channel)
                    results = pipe.execute()
                    if touching:
                        self._touched(channel, results[1:])
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
        key = keys.trackers(channel)
        self._write_key(channel, key, lambda pipe: pipe.hset(key, issue.key, issue.model_dump_json()))

    @_guarded
    def tracker_status_ts(self, channel: str) -> str | None:
        """ts of the thread message that shows each action item's issue and status."""
        value = self.client.hget(keys.trackers(channel), self._STATUS_FIELD)
        return None if value is None else str(value)

    @_guarded
    def set_tracker_status_ts(self, channel: str, ts: str) -> None:
        key = keys.trackers(channel)
        self._write_key(channel, key, lambda pipe: pipe.hset(key, self._STATUS_FIELD, ts))

    def _get(self, model: type[M], key: str) -> M | None:
        raw = self.client.get(key)
        return None if raw is None else self._load_document(model, raw, key)

    def _px(self, channel: str) -> int | None:
        """SET's TTL argument: a plain SET would drop the key's TTL (none under legal hold)."""
        return None if self._held(channel) else self.retention_ms

    def _set(self, channel: str, key: str, value: BaseModel) -> None:
        self._write(channel, lambda pipe: pipe.set(key, value.model_dump_json(), px=self._px(channel)))

    def _load_document(self, model: type[M], raw: object, key: str) -> M:
        """``_load`` of a one-document key (incident, board, latest sitrep), remembering the last decode.

        A tick reads the same latest sitrep and incident state several times (whether one is due,
        the claim, the post) and decoding them was most of what those reads cost. The text read is
        compared in full, so a changed document is always decoded again; models are frozen, so the
        one decoded object can be handed out again.
        """
        text = str(raw)
        known = self._documents.get(key)
        if known is not None and known[0] is model and known[1] == text:
            return cast(M, known[2])
        value = self._load(model, text, key)
        self._documents.pop(key, None)
        self._documents[key] = (model, text, value)
        while len(self._documents) > _DOCUMENTS_KEPT:
            del self._documents[next(iter(self._documents))]
        return value

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
    def mark_idle_then_last_ts(self, channel: str) -> str | None:
        """``mark_idle``, then ``last_ts``, in that order: one round trip (two on a cluster).

        Off first, then the newest ts: a message stored in between either puts the channel back
        itself or is the ts returned, so a caller re-checking for news never loses activity.
        """
        if self.cluster:  # the active set and the channel's index live in different slots: in turn
            self.client.srem(keys.active(), channel)
            newest = self.client.zrange(keys.messages_index(channel), -1, -1)
        else:
            pipe = self.client.pipeline(transaction=True)
            pipe.srem(keys.active(), channel)
            pipe.zrange(keys.messages_index(channel), -1, -1)
            _, newest = pipe.execute()
        return str(newest[0]) if newest else None

    @_guarded
    def try_lock(self, channel: str, slot: str, *, owner: str, now: datetime, ttl_seconds: int) -> bool:
        """Claim ``slot`` of ``channel`` for ``owner`` until ``now + ttl_seconds``.

        A claim whose holder died lapses: once the injected clock passes its expiry, the next
        claimant takes it over (atomically, in one script), so a slot is never skipped forever.
        Redis' own TTL (twice as long) is only a backstop for garbage.
        """
        expires = now.timestamp() + ttl_seconds
        result = self._run(
            "lock",
            [keys.tick_lock(channel, slot)],
            [f"{owner}|{expires:.3f}", f"{now.timestamp():.3f}", str(ttl_seconds * 2000)],
        )
        return bool(result)

    @_guarded
    def renew_lock(self, channel: str, slot: str, *, owner: str, now: datetime, ttl_seconds: int) -> bool:
        """Extend ``owner``'s claim on ``slot`` to ``now + ttl_seconds``; False if another took it over."""
        expires = now.timestamp() + ttl_seconds
        result = self._run(
            "renew", [keys.tick_lock(channel, slot)], [owner, f"{owner}|{expires:.3f}", str(ttl_seconds * 2000)]
        )
        return bool(result)

    @_guarded
    def release_lock(self, channel: str, slot: str, *, owner: str) -> None:
        """Release a claim only if ``owner`` still holds it (never another replica's), in one step."""
        self._run("release", [keys.tick_lock(channel, slot)], [owner])

    @_guarded
    def claim_update_post(
        self, channel: str, update_id: str, *, owner: str, user: str, ttl_seconds: int
    ) -> PostHold | None:
        """Claim posting status update ``update_id`` for ``owner`` (one click), on behalf of ``user``.

        One ``SET NX GET``: the first claimant gets None; any later one gets what holds the update
        (a click's claim, a post being sent, or the posted message), and nothing changes. A bare
        claim ends by ``release_update_post`` or by its TTL (the process died before sending);
        ``mark_update_sending`` and ``record_update_posted`` make it last as long as the channel.
        """
        held = self.client.set(
            keys.update_posting(channel, update_id), f"{owner}|{user}", nx=True, ex=ttl_seconds, get=True
        )
        return None if held is None else PostHold.parse(str(held))

    @_guarded
    def mark_update_sending(self, channel: str, update_id: str, *, owner: str, user: str, at: datetime) -> bool:
        """Turn ``owner``'s claim into a durable "being sent since ``at``" marker, just before the post.

        From here on the post may be in the channel whatever happens to this process or to Redis,
        so the marker has the channel's lifetime, not the claim's TTL. False (nothing changes) when
        the claim is no longer ``owner``'s: then nothing may be sent.
        """
        value = f"{PostHold.SENDING}|{owner}|{user}|{at.timestamp():.3f}"
        key = keys.update_posting(channel, update_id)
        done = self._run("update_sending", [key], [f"{owner}|{user}", value, self._ttl_arg(channel)])
        return bool(done)

    @_guarded
    def record_update_posted(self, update: StatusUpdate) -> None:
        """Record a posted update in one transaction: its state, and the posted ts on its claim.

        The claim then answers every later click with the message's ts, without a second read.
        """
        if update.posted_ts is None:
            raise ValueError("a posted update needs the posted message's ts")
        marker = f"{PostHold.POSTED}|{update.posted_by or ''}|{update.posted_ts}"
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(keys.updates(update.channel), update.id, update.model_dump_json())
        pipe.set(keys.update_posting(update.channel, update.id), marker, px=self._px(update.channel))
        self._touch(pipe, update.channel)
        pipe.execute()

    @_guarded
    def release_update_post(self, channel: str, update_id: str, *, owner: str) -> None:
        """Give up ``owner``'s claim or sending marker (never another click's), so a retry can post."""
        key = keys.update_posting(channel, update_id)
        self._run("release", [key], [owner])
        self._run("release", [key], [f"{PostHold.SENDING}|{owner}"])

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
        key = keys.event(event_id)
        # A first delivery is one SET NX; only a key already there (a retry) needs the script.
        if self.client.set(key, f"pending|{now + lease_seconds:.3f}", nx=True, px=lease_seconds * 2000):
            return "claimed"
        result = self._run("claim", [key], [f"{now:.3f}", f"{now + lease_seconds:.3f}", str(lease_seconds * 2000)])
        claim = str(result)
        if claim not in ("claimed", "done", "busy"):  # pragma: no cover - the script returns only these
            raise StoreError(f"unexpected event claim answer {claim!r}")
        return claim  # type: ignore[return-value]

    @_guarded
    def claim_events(self, event_ids: Sequence[str], *, lease_seconds: int = 30) -> list[EventClaim]:
        """``claim_event`` for a batch: the first deliveries' SET NX in one round trip (a cluster: one
        per node); only an id already there (a retry) runs the claim script, one by one."""
        if not event_ids:
            return []
        now = self.clock.now().timestamp()
        lease = f"pending|{now + lease_seconds:.3f}"
        pipe = self.client.pipeline(transaction=False)
        for event_id in event_ids:
            pipe.set(keys.event(event_id), lease, nx=True, px=lease_seconds * 2000)
        claims: list[EventClaim] = []
        for event_id, first in zip(event_ids, pipe.execute(), strict=True):
            if first:
                claims.append("claimed")
                continue
            args = [f"{now:.3f}", f"{now + lease_seconds:.3f}", str(lease_seconds * 2000)]
            claim = str(self._run("claim", [keys.event(event_id)], args))
            if claim not in ("claimed", "done", "busy"):  # pragma: no cover - the script returns only these
                raise StoreError(f"unexpected event claim answer {claim!r}")
            claims.append(claim)  # type: ignore[arg-type]
        return claims

    @_guarded
    def finish_event(self, event_id: str, *, ttl_seconds: int = 3600) -> None:
        """Mark ``event_id`` stored: its redeliveries are acked and dropped for ``ttl_seconds``."""
        self.client.set(keys.event(event_id), "done", ex=ttl_seconds)

    @_guarded
    def finish_events(self, event_ids: Sequence[str], *, ttl_seconds: int = 3600) -> None:
        """``finish_event`` for a batch, in one round trip (a cluster: one per node)."""
        if not event_ids:
            return
        pipe = self.client.pipeline(transaction=False)
        for event_id in event_ids:
            pipe.set(keys.event(event_id), "done", ex=ttl_seconds)
        pipe.execute()

    @_guarded
    def release_event(self, event_id: str) -> None:
        """Give up a claim whose work failed, so Slack's redelivery of the event is stored."""
        self._run("release_event", [keys.event(event_id)], [])

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
