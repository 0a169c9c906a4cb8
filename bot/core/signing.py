"""Ed25519 signatures over canonical JSON: the evidence manifest's seal.

The private key comes from EVIDENCE_SIGNING_KEY (a base64 32-byte seed or a PKCS#8 PEM, literal
``\\n`` allowed as env files carry it); the public key goes into the manifest so anyone can check
integrity, and ``sitrep verify --public-key`` checks origin against a key the reader trusts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bot.errors import ConfigError, UserFacingError
from bot.integrity import canonical

ALGORITHM = "Ed25519"


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)


def key_id(public_raw: bytes) -> str:
    """A short name for a public key: the first 16 hex digits of its sha256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


class Signer:
    """Signs manifests with one Ed25519 private key."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_raw = _raw_public(key.public_key())

    @classmethod
    def from_setting(cls, value: str) -> Signer:
        """The signer for EVIDENCE_SIGNING_KEY's value.

        Raises:
            ConfigError: naming the variable and the two accepted forms.
        """
        hint = "set EVIDENCE_SIGNING_KEY to a base64 32-byte Ed25519 seed or a PKCS#8 PEM private key"
        text = value.strip()
        try:
            if text.startswith("-----BEGIN"):
                key = ser.load_pem_private_key(text.replace("\\n", "\n").encode(), password=None)
                if not isinstance(key, Ed25519PrivateKey):
                    raise ConfigError(f"EVIDENCE_SIGNING_KEY holds a {type(key).__name__}, not an Ed25519 key; {hint}")
                return cls(key)
            return cls(Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True)))
        except (ValueError, TypeError, binascii.Error):
            raise ConfigError(f"EVIDENCE_SIGNING_KEY is not a usable Ed25519 private key; {hint}") from None

    def sign(self, payload: dict[str, object]) -> dict[str, str]:
        """The ``signature`` object for ``payload`` (signed as canonical JSON)."""
        return {
            "algorithm": ALGORITHM,
            "public_key": base64.b64encode(self.public_raw).decode(),
            "key_id": key_id(self.public_raw),
            "value": base64.b64encode(self._key.sign(canonical(payload))).decode(),
        }


def load_public_key(value: str) -> bytes:
    """The raw 32-byte public key in ``value``: a file holding it, base64 raw, or a PEM public key.

    Raises:
        UserFacingError: when it is none of these.
    """
    text = value.strip()
    path = Path(text)
    if len(text) < 4096 and path.is_file():
        text = path.read_text(encoding="utf-8").strip()
    try:
        if text.startswith("-----BEGIN"):
            key = ser.load_pem_public_key(text.replace("\\n", "\n").encode())
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError(type(key).__name__)
            return _raw_public(key)
        raw = base64.b64decode(text, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
        return raw
    except (ValueError, TypeError, binascii.Error):
        raise UserFacingError(
            "--public-key is not an Ed25519 public key",
            hint="pass the base64 raw key (as in evidence.json's signature.public_key), a PEM, or a file holding one",
        ) from None


def check_signature(payload: dict[str, object], signature: dict[str, object], public_raw: bytes) -> bool:
    """True when ``signature`` is ``public_raw``'s Ed25519 signature of ``payload``'s canonical JSON."""
    try:
        value = base64.b64decode(str(signature.get("value", "")), validate=True)
        Ed25519PublicKey.from_public_bytes(public_raw).verify(value, canonical(payload))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
