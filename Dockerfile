# Sitrep: `sitrep run` (Socket Mode) in a slim, non-root image.
# Install steps are the README's: scripts/setup (here with --prod, no dev tools).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SITREP_DATA_DIR=/data \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=""

RUN useradd --create-home --uid 10001 sitrep \
    && mkdir -p /data \
    && chown sitrep:sitrep /data

WORKDIR /app
COPY --chown=sitrep:sitrep pyproject.toml README.md ./
COPY --chown=sitrep:sitrep scripts ./scripts
COPY --chown=sitrep:sitrep bot ./bot
COPY --chown=sitrep:sitrep examples ./examples

USER 10001
RUN scripts/setup --prod

ENV PATH="/app/.venv/bin:${PATH}"
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK CMD ["sitrep", "check"]
CMD ["sitrep", "run"]
