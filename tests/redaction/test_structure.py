"""Secrets found by structure: config lines, JSON, CLI flags, prose, tokens after secret words, key bodies.

Our own adversarial dev list, written from the formats (YAML, INI, libpq, redis-cli, docker…).
Each case names the secret that must go and, where it matters, what must stay.
"""

from __future__ import annotations

import pytest

from bot.redaction import Redactor

from . import fakes

PEM_BODY = "\n".join(fakes.rs(fakes.B64, 64) for _ in range(4)) + "\n" + fakes.rs(fakes.B64, 20) + "=="

# (text, secret that must not survive, substring that must survive)
CAUGHT = [
    ("the password is Tr0ub4dor&3", "Tr0ub4dor&3", "the password is"),
    ("fyi the db password was hunter2x9.", "hunter2x9", "fyi the db password was"),
    ("password for db-1 is `kitten`", "kitten", "password for db-1 is"),
    ("vault:\n  passphrase: correct horse battery staple\n  user: svc", "correct horse battery staple", "user: svc"),
    ("db:\n  password:\n    Kp9xx!Lm2z\n  port: 5432", "Kp9xx!Lm2z", "port: 5432"),
    ("tls:\n  key_password: |\n    wobbly-Pelican-42\n    second-line-99\n  host: x", "second-line-99", "host: x"),
    ("tls:\n  key_password: |\n    wobbly-Pelican-42\n  host: x", "wobbly-Pelican-42", "host: x"),
    ('{"a": {"b": {"secret": "ab \\"cd\\" 12ZZ"}}}', "12ZZ", '"secret"'),
    ('{"name": "DB_PASSWORD", "value": "mYp4ss-word"}', "mYp4ss-word", "DB_PASSWORD"),
    ("- name: API_TOKEN\n  value: f9Xk2LmQ8pR4tZ7w", "f9Xk2LmQ8pR4tZ7w", "API_TOKEN"),
    ("[client]\npassword = my pass phrase 9\nhost = db", "my pass phrase 9", "host = db"),
    ("sshpass -p 'Wint3r!sComing' ssh deploy@10.0.3.17", "Wint3r!sComing", "ssh deploy@10.0.3.17"),
    ("sshpass -pWint3rIsHere ssh deploy@host", "Wint3rIsHere", "ssh deploy@host"),
    ("docker login -u ci -p Dk9LoginPW registry.acme.io", "Dk9LoginPW", "registry.acme.io"),
    ("docker login --password hunter -u ci registry.acme.io", "hunter", "registry.acme.io"),
    ("echo 'Pipe9Secret' | docker login -u ci --password-stdin reg.io", "Pipe9Secret", "--password-stdin"),
    ("redis-cli -h cache-1 -a R3disPa55 ping", "R3disPa55", "ping"),
    ("127.0.0.1:6379> AUTH R3disAuth99", "R3disAuth99", "AUTH"),
    ("cache-1:6379> auth default s3cretive", "s3cretive", "default"),
    ("requirepass Fo0bared-Redis", "Fo0bared-Redis", "requirepass"),
    ("db-1.prod.acme.net:5432:orders:app:PgPa55word!", "PgPa55word!", "db-1.prod.acme.net:5432:orders:app:"),
    ("*:*:*:replicator:Repl1cat0r", "Repl1cat0r", "replicator"),
    ("ldapsearch -x -D cn=admin -w Ld4pBind! -b dc=acme", "Ld4pBind!", "dc=acme"),
    ("openssl pkcs12 -in a.p12 -passin pass:P12pass99 -nodes", "P12pass99", "-nodes"),
    ("Server=db;User ID=sa;Password=Sql Pa55 word;Encrypt=true", "Sql Pa55 word", "Encrypt=true"),
    ("here is the token 8fK2mQ9xLp4RtZ7wB3nV6cY1", "8fK2mQ9xLp4RtZ7wB3nV6cY1", "here is the token"),
    ("api key: 9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a", "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a", "api key"),
    ("aws_secret_access_key = /k8Jd9Xw2Lq+Zp4Rt7Vb1Nc3Mf6Gh0Ys5Ua8WeQi", "k8Jd9Xw2Lq+Zp4Rt7Vb1Nc", "aws_secret"),
    (f"found this in the logs:\n{PEM_BODY}\nthat's all", PEM_BODY.split("\n")[2], "that's all"),
    ('"key": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKB"', "MIIEvQIBADANBgkq", '"key"'),
]

KEPT = [
    "password: rotated yesterday",
    "the password is in vault",
    "the password was wrong again",
    "Password: see 1Password",
    "commit 9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c deployed",
    "request id 8fK2mQ9xLp4RtZ7wB3nV6cY1",
    "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
    "deploy 7c9e6679-7425-40de-944b-e07fc1f90ae7 finished, build 20240601-4812",
    "the token service checkout-api-canary-7 restarted",
    "AUTH failing for svc-orders since 10:02",
    "docker run -p 8080:80 nginx",
    "12:30:45:123:xyz is not a pgpass line",
    "key_id: AKIDEXAMPLE, cache key 9f1c2ab4e5d6f7a8b9c0d1e2",
    "export PATH=/usr/bin HOME=/home/deploy",
    "token: ghp_x\nsecond line of the report",
    "log lines\nreq=9f1c2ab4e5d6f7a8\n2024-06-01T10:32:06Z next",
]


@pytest.mark.parametrize(("text", "secret", "keep"), CAUGHT)
def test_secret_found_by_structure(members_redactor: Redactor, text: str, secret: str, keep: str) -> None:
    """A credential in a config line, a command, prose or a key body is replaced; the context stays."""
    out = members_redactor.redact(text)
    assert secret not in out.text
    assert keep in out.text
    assert out.secrets


@pytest.mark.parametrize("text", KEPT)
def test_look_alike_is_kept(members_redactor: Redactor, text: str) -> None:
    """Descriptions of a password, ids next to their own words, ports and paths stay as written."""
    assert members_redactor.redact(text).text == text
