"""Use cases: ingest, incident lifecycle, sitreps, hypotheses, postmortems. No Slack SDK here."""
