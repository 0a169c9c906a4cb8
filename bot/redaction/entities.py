"""The entity types Sitrep redacts: placeholder names, which are secrets, and Presidio's names for PII."""

# ruff: noqa: S105  (these are entity-type names such as "PASSWORD", not credentials)

from __future__ import annotations

# Credentials: the poster is told to rotate them.
AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID"
AWS_SECRET_KEY = "AWS_SECRET_KEY"
GITHUB_TOKEN = "GITHUB_TOKEN"
SLACK_TOKEN = "SLACK_TOKEN"
SLACK_WEBHOOK = "SLACK_WEBHOOK"
STRIPE_KEY = "STRIPE_KEY"
GOOGLE_API_KEY = "GOOGLE_API_KEY"
NPM_TOKEN = "NPM_TOKEN"
PYPI_TOKEN = "PYPI_TOKEN"
SENDGRID_KEY = "SENDGRID_KEY"
TWILIO_KEY = "TWILIO_KEY"
AZURE_STORAGE_KEY = "AZURE_STORAGE_KEY"
JWT = "JWT"
AUTH_TOKEN = "AUTH_TOKEN"
BASIC_AUTH = "BASIC_AUTH"
PRIVATE_KEY = "PRIVATE_KEY"
PASSWORD = "PASSWORD"
SECRET = "SECRET"
AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN"
GITLAB_TOKEN = "GITLAB_TOKEN"
OPENAI_KEY = "OPENAI_KEY"
ANTHROPIC_KEY = "ANTHROPIC_KEY"
VAULT_TOKEN = "VAULT_TOKEN"
DIGITALOCEAN_TOKEN = "DIGITALOCEAN_TOKEN"
API_KEY = "API_KEY"
"""A provider's key or token with a recognisable shape but no type of its own (Shopify, Hugging Face…)."""

SECRET_TYPES: frozenset[str] = frozenset(
    {
        AWS_ACCESS_KEY_ID,
        AWS_SECRET_KEY,
        GITHUB_TOKEN,
        SLACK_TOKEN,
        SLACK_WEBHOOK,
        STRIPE_KEY,
        GOOGLE_API_KEY,
        NPM_TOKEN,
        PYPI_TOKEN,
        SENDGRID_KEY,
        TWILIO_KEY,
        AZURE_STORAGE_KEY,
        JWT,
        AUTH_TOKEN,
        BASIC_AUTH,
        PRIVATE_KEY,
        PASSWORD,
        SECRET,
        AWS_SESSION_TOKEN,
        GITLAB_TOKEN,
        OPENAI_KEY,
        ANTHROPIC_KEY,
        VAULT_TOKEN,
        DIGITALOCEAN_TOKEN,
        API_KEY,
    }
)

# Personal data: redacted, but nothing to rotate.
EMAIL = "EMAIL"
PHONE = "PHONE"
CREDIT_CARD = "CREDIT_CARD"
IBAN = "IBAN"
US_SSN = "US_SSN"
PERSON = "PERSON"
CVV = "CVV"
IP_ADDRESS = "IP_ADDRESS"

PII_TYPES: frozenset[str] = frozenset({EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN, PERSON, CVV, IP_ADDRESS})

# Presidio's entity names for the PII recognizers we load, mapped to placeholder names.
PRESIDIO_TO_TYPE: dict[str, str] = {
    "EMAIL_ADDRESS": EMAIL,
    "PHONE_NUMBER": PHONE,
    "CREDIT_CARD": CREDIT_CARD,
    "IBAN_CODE": IBAN,
    "US_SSN": US_SSN,
    "PERSON": PERSON,
}

# When two findings overlap, the more specific one names the merged span: a GitHub token inside
# an Authorization header is reported as a GitHub token, so the poster knows what to rotate.
GENERIC_SECRET_TYPES: frozenset[str] = frozenset({AUTH_TOKEN, BASIC_AUTH, PASSWORD, SECRET})


def is_secret(entity_type: str) -> bool:
    """True when the type is a credential the poster should rotate."""
    return entity_type in SECRET_TYPES


# Human words for each type, for the ephemeral "rotate this" note and the CLI summary.
DESCRIPTIONS: dict[str, str] = {
    AWS_ACCESS_KEY_ID: "AWS access key ID",
    AWS_SECRET_KEY: "AWS secret access key",
    GITHUB_TOKEN: "GitHub token",
    SLACK_TOKEN: "Slack token",
    SLACK_WEBHOOK: "Slack webhook URL",
    STRIPE_KEY: "Stripe key",
    GOOGLE_API_KEY: "Google API key",
    NPM_TOKEN: "npm token",
    PYPI_TOKEN: "PyPI token",
    SENDGRID_KEY: "SendGrid API key",
    TWILIO_KEY: "Twilio credential",
    AZURE_STORAGE_KEY: "Azure storage key",
    JWT: "JSON Web Token",
    AUTH_TOKEN: "bearer token",
    BASIC_AUTH: "HTTP Basic credentials",
    PRIVATE_KEY: "private key",
    PASSWORD: "password",
    SECRET: "secret value",
    AWS_SESSION_TOKEN: "AWS session token",
    GITLAB_TOKEN: "GitLab token",
    OPENAI_KEY: "OpenAI API key",
    ANTHROPIC_KEY: "Anthropic API key",
    VAULT_TOKEN: "Vault token",
    DIGITALOCEAN_TOKEN: "DigitalOcean token",
    API_KEY: "API key or token",
    EMAIL: "email address",
    PHONE: "phone number",
    CREDIT_CARD: "card number",
    IBAN: "IBAN",
    US_SSN: "US social security number",
    PERSON: "person's name",
    CVV: "card security code",
    IP_ADDRESS: "public IP address",
}


def describe(entity_type: str) -> str:
    """``"AWS_SECRET_KEY"`` → ``"AWS secret access key"`` (the type itself when unknown)."""
    return DESCRIPTIONS.get(entity_type, entity_type)
