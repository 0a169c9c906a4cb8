"""Extract labelled secret examples from two public rule sets (run once; its output is committed).

    python tests/data/secret_sources/extract_public.py GITLEAKS_GIT_DIR DETECT_SECRETS_GIT_DIR

Reads, at the commits named in the output:
* gitleaks ``config/gitleaks.toml`` (MIT) and its ``cmd/generate/config/rules/*.go`` validation
  examples (``tps``). A literal example counts when the rule's own regex matches it; the secret is
  the rule's secret group. Rules whose examples are generated at test time (``secrets.NewSecret``)
  get two values sampled from the secret group of the rule's regex with a fixed seed, the way
  gitleaks itself makes them.
* detect-secrets ``tests/plugins/*_test.py`` (Apache-2.0): parametrised payloads marked as should-flag;
  the secret is what the plugin itself reports for the line.

Writes ``public_examples.jsonl``: one ``{"source", "rule", "secret", "line", "anchored"}`` per example.
``line`` is the original fixture line when there is one; ``anchored`` says the rule needs a keyword
next to the value (a line without that keyword is not a finding for the rule set either).
"""

from __future__ import annotations

import ast
import json
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import regex

OUT = Path(__file__).resolve().parent / "public_examples.jsonl"
# Identifiers, not credentials (nothing to rotate): left out of the secret sets.
NOT_SECRETS = re.compile(r"(client-id|-id$|account-id|sid$|-username|-user$|organization|public)")
POSIX = {
    "[:alnum:]": "a-zA-Z0-9",
    "[:alpha:]": "a-zA-Z",
    "[:digit:]": "0-9",
    "[:xdigit:]": "0-9a-fA-F",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:space:]": r"\s",
    "[:punct:]": r"!-/:-@\[-`{-~",
}


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def to_python(pattern: str) -> str:
    for posix, plain in POSIX.items():
        pattern = pattern.replace(posix, plain)
    return pattern.replace(r"\z", r"\Z")


def compile_rule(pattern: str) -> regex.Pattern[str] | None:
    try:
        return regex.compile(to_python(pattern), regex.V1)
    except regex.error:
        return None


def usable(secret: str) -> bool:
    """Long enough, and not a documentation placeholder (``xxxxxx``, ``AP6xxxxxxxxxx``)."""
    if re.search(r"\s", secret) or secret.lower() in ("password", "changeme", "secret"):
        return False
    return len(secret) >= 8 and not re.search(r"(.)\1{5}|x{4}|X{4}|\*{3}", secret)


def clean(secret: str) -> str:
    """The value alone: quotes and a leading ``Name=`` (detect-secrets reports ``AccountKey=…``) removed.

    A webhook URL is labelled from its path on: the host (``hooks.slack.com``) is no secret.
    """
    secret = secret.strip().strip("\"'`")
    hook = re.search(r"hooks\.slack\.com/(?:services|workflows|triggers)/", secret)
    if hook:
        return secret[hook.end() :]
    m = re.match(r"^[A-Za-z]\w{2,30}=(?=.{16})", secret)
    return secret[m.end() :] if m else secret


def secret_of(rule: dict[str, object], m: regex.Match[str]) -> str:
    group = int(rule.get("secretGroup", 0) or 0)  # type: ignore[call-overload]
    if group:
        return clean(m.group(group) or "")
    # gitleaks: without secretGroup the first non-empty capture group, else the whole match.
    return clean(next((g for g in m.groups() if g), m.group(0)))


# --- a small sampler: one random string matching a regex (sre_parse tree) --------------------
PRINTABLE = [chr(c) for c in range(33, 127)]
CATS = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_WORD": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "abcdefXYZ0123",
    "CATEGORY_NOT_DIGIT": "abcXYZ",
    "CATEGORY_NOT_WORD": "-",
}


def _charset(items: list[tuple[object, object]]) -> list[str]:
    chars: set[str] = set()
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.add(chr(av))  # type: ignore[arg-type]
        elif name == "RANGE":
            lo, hi = av  # type: ignore[misc]
            chars.update(chr(c) for c in range(lo, hi + 1))
        elif name == "CATEGORY":
            chars.update(CATS.get(str(av), "a"))
    if negate:
        return [c for c in PRINTABLE if c not in chars and c not in "\"'`"]
    return sorted(chars)


def sample(tree: object, rng: random.Random) -> str:
    out: list[str] = []
    for op, av in tree:  # type: ignore[attr-defined]
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in PRINTABLE if c != chr(av)]))
        elif name == "ANY":
            out.append(rng.choice(CATS["CATEGORY_WORD"]))
        elif name == "IN":
            out.append(rng.choice(_charset(list(av))))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            hi = min(hi, lo + 8) if hi > 1000 else hi
            n = lo if name == "MIN_REPEAT" else rng.randint(lo, hi)
            out.extend(sample(sub, rng) for _ in range(n))
        elif name == "SUBPATTERN":
            out.append(sample(av[-1], rng))
        elif name == "BRANCH":
            out.append(sample(rng.choice(av[1]), rng))
        elif name == "CATEGORY":
            out.append(rng.choice(CATS.get(str(av), "a")))
        # AT (anchors), ASSERT / ASSERT_NOT (lookarounds), GROUPREF: nothing to emit
    return "".join(out)


def generated(pattern: str, rule: dict[str, object], rng: random.Random, n: int) -> list[str]:
    import re._parser as sre_parse

    py = to_python(pattern)
    if "(?P<" in py:  # named alternatives (jwt-base64): the secret group would be a fragment
        return []
    flags = 0
    if py.startswith("(?i)"):
        py, flags = py[4:], re.IGNORECASE
    try:
        tree = sre_parse.parse(py, flags)
    except (re.error, OverflowError):
        return []
    compiled = compile_rule(pattern)
    out: list[str] = []
    for _ in range(60):
        text = sample(tree, rng)
        m = compiled.search(text) if compiled else None
        if m and usable(secret := secret_of(rule, m)) and secret not in out:
            out.append(secret)
        if len(out) == n:
            break
    return out


# --- gitleaks ---------------------------------------------------------------------------------
GO_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')


def go_literal(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    try:
        return str(ast.literal_eval(token))
    except (SyntaxError, ValueError):
        return token[1:-1]


def gitleaks(repo: str, rng: random.Random) -> list[dict[str, object]]:
    commit = git(repo, "rev-parse", "--short", "HEAD").strip()
    config = tomllib.loads(git(repo, "show", "HEAD:config/gitleaks.toml"))
    rules = {r["id"]: r for r in config["rules"] if "regex" in r}
    sources = [f for f in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "cmd/generate/config/rules").split()]
    literals: dict[str, list[str]] = {}
    for path in sources:
        if not path.endswith(".go") or path.endswith("_test.go"):
            continue
        code = git(repo, "show", f"HEAD:{path}")
        for func in re.split(r"\nfunc ", code)[1:]:
            ids = re.findall(r'RuleID:\s*"([^"]+)"', func)
            m = re.search(r"\btps\b", func)
            if not ids or not m:
                continue
            block = func[m.start() :]
            block = re.split(r"\bfps\s*:?=|return utils\.Validate", block)[0]
            literals.setdefault(ids[0], []).extend(go_literal(t) for t in GO_STRING.findall(block))
    out: list[dict[str, object]] = []
    for rule_id, rule in sorted(rules.items()):
        if NOT_SECRETS.search(rule_id):
            continue
        compiled = compile_rule(rule["regex"])
        if compiled is None:
            continue
        seen: set[str] = set()

        def anchored(secret: str, compiled: regex.Pattern[str] = compiled, rule: dict[str, object] = rule) -> bool:
            # Needs context when the rule does not find the value alone in a neutral sentence.
            m = compiled.search(f"found {secret} in the logs")
            return not (m and secret_of(rule, m) == secret)

        for line in literals.get(rule_id, []):
            m = compiled.search(line)
            if not m or not usable(secret := secret_of(rule, m)) or secret in seen or len(seen) >= 3:
                continue
            seen.add(secret)
            src = f"gitleaks@{commit}"
            out.append({"source": src, "rule": rule_id, "secret": secret, "line": line, "anchored": anchored(secret)})
        for secret in generated(rule["regex"], rule, rng, 2 if len(seen) < 2 else 1):
            if secret not in seen:
                seen.add(secret)
                src = f"gitleaks@{commit}:generated"
                out.append(
                    {"source": src, "rule": rule_id, "secret": secret, "line": None, "anchored": anchored(secret)}
                )
    return out


# --- detect-secrets ---------------------------------------------------------------------------
def detect_secrets(repo: str) -> list[dict[str, object]]:
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import transient_settings

    commit = git(repo, "rev-parse", "--short", "HEAD").strip()
    out: list[dict[str, object]] = []
    skip = {"base_test.py", "high_entropy_strings_test.py", "keyword_test.py", "ip_public_test.py"}
    for path in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "tests/plugins").split():
        if Path(path).name in skip or not path.endswith("_test.py"):
            continue
        tree = ast.parse(git(repo, "show", f"HEAD:{path}"))
        payloads: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and len(node.elts) == 2:
                first, second = node.elts
                if (
                    isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    and isinstance(second, ast.Constant)
                    and second.value is True
                ):
                    payloads.append(first.value)
        plugin = Path(path).name.removesuffix("_test.py")
        seen: set[str] = set()
        for line in payloads:
            with transient_settings({"plugins_used": _plugins_for(plugin)}):
                found = [clean(f.secret_value) for f in scan_line(line) if f.secret_value]
            for secret in found:
                with transient_settings({"plugins_used": _plugins_for(plugin)}):
                    alone = any(f.secret_value == secret for f in scan_line(f"found {secret} in the logs"))
                if usable(secret) and secret not in seen and secret in line and len(seen) < 3:
                    seen.add(secret)
                    out.append(
                        {
                            "source": f"detect-secrets@{commit}",
                            "rule": plugin,
                            "secret": secret,
                            "line": line,
                            "anchored": not alone,
                        }
                    )
    return out


def _plugins_for(test_name: str) -> list[dict[str, str]]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    stem = test_name.replace("_", "")
    keys = {"aws_key": "aws", "basic_auth": "basicauth", "private_key": "privatekey"}
    stem = keys.get(test_name, stem)
    return [
        {"name": cls.__name__}
        for cls in get_mapping_from_secret_type_to_class().values()
        if cls.__module__.rsplit(".", 1)[-1].replace("_", "") == stem.replace("_", "")
    ]


def main(argv: list[str]) -> int:
    rng = random.Random(20260731)
    rows = gitleaks(argv[1], rng) + detect_secrets(argv[2])
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    rules = {(r["source"].split("@")[0], r["rule"]) for r in rows}
    print(f"{len(rows)} examples from {len(rules)} rules -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
