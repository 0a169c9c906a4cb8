"""Entities: the components a hypothesis is about, and words too common to tie a reply to one."""

from __future__ import annotations


# -- entities: what a hypothesis is about ------------------------------------------------------------
# Support and refutation link to a hypothesis through the things both name. A component is named in
# many ways ("db", "postgres", "the primary"), so each synonym maps to one canonical name.
def _names(alternatives: str) -> tuple[str, ...]:
    return tuple(alternatives.split("|"))


COMPONENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "database": _names(
        "db|dbs|database|databases|postgres|postgresql|pg|mysql|rds|aurora|primary|replica|replicas|"
        "read replica|mongo|mongodb|cassandra|dynamo|dynamodb|spanner|sql|query|queries|"
        "connection pool|pool|pgbouncer|vacuum"
    ),
    "dns": _names(
        "dns|resolver|resolvers|nameserver|nameservers|route53|route 53|coredns|kube-dns|domain|"
        "registrar|ttl|nxdomain|zone"
    ),
    "load balancer": _names(
        "lb|lbs|load balancer|load balancers|elb|alb|nlb|haproxy|envoy|ingress|gateway|api gateway|proxy|proxies|nginx"
    ),
    "cache": _names("cache|caches|caching|redis|memcache|memcached|varnish|hit rate|hit ratio|eviction|evictions"),
    "cdn": _names("cdn|cloudflare|fastly|akamai|cloudfront|edge|pop|pops|waf"),
    "certificate": _names(
        "cert|certs|certificate|certificates|tls|ssl|x509|expiry|expired|expiration|handshake|ca bundle|intermediate"
    ),
    "network": _names(
        "network|networking|bgp|packet loss|packets|routing|route|routes|vpc|firewall|peering|link|"
        "links|fiber|router|routers|partition|latency between|backbone|transit|isp|vpn|subnet|"
        "security group"
    ),
    "queue": _names(
        "queue|queues|broker|brokers|kafka|rabbitmq|rabbit|sqs|pubsub|pub/sub|backlog|consumer|consumers|lag|topic|"
        "partition lag|kinesis|nats|producer|producers|publisher|publishers"
    ),
    "storage": _names("disk|disks|storage|volume|volumes|ebs|iops|filesystem|s3|bucket|blob|object storage|nfs|ceph"),
    "memory": _names("memory|oom|oomkilled|oom-killed|heap|gc|garbage collection|leak|rss"),
    "cpu": _names("cpu|cpus|throttling|cpu throttling|hot loop|spin"),
    "config": _names("config|configs|configuration|setting|settings|yaml|manifest|terraform|helm|ruleset|rules|policy"),
    "feature flag": _names(
        "flag|flags|feature flag|feature flags|toggle|launchdarkly|kill switch|killswitch|experiment|rollout percentage"
    ),
    "deploy": _names(
        "deploy|deploys|deployment|deployments|release|releases|rollout|build|push|version|upgrade|"
        "upgrades|change|changes|pr|commit|merge|patch|binary|binaries|ship|shipped"
    ),
    "scheduled job": _names(
        "cron|cronjob|crons|batch job|batch|scheduled job|job|jobs|nightly|backfill|reindex|compaction|script"
    ),
    "backup": _names("backup|backups|snapshot|snapshots|restore|restores|restored|point-in-time|pitr|dump"),
    "migration": _names("migration|migrations|schema|index|indexes|ddl|alter|table lock|lock|locks"),
    "auth": _names(
        "auth|authn|authz|login|logins|sso|oauth|token|tokens|credentials|credential|iam|permission|"
        "permissions|session|sessions|identity|identity provider|idp|saml|oidc|ldap|active directory|mfa|2fa|"
        "otp|jwt|jwks|scim|okta|api key|secret|secrets|key|keys"
    ),
    "cloud provider": _names(
        "aws|gcp|azure|cloud|provider|providers|region|availability zone|az|zone outage|us-east-1|upstream|upstreams|"
        "vendor|vendors|third party|third-party|saas|microsoft|google cloud"
    ),
    "traffic": _names(
        "traffic|spike|surge|ddos|ddosed|ddosing|bot traffic|bots|scraper|crawler|load|thundering herd|retry storm|"
        "retries|retry|burst|bursts|flood|flooding"
    ),
    "kubernetes": _names(
        "kubernetes|k8s|pod|pods|node|nodes|cluster|clusters|control plane|etcd|kubelet|autoscaler|"
        "hpa|daemonset|container|containers"
    ),
    "capacity": _names(
        "capacity|quota|quotas|limit|limits|rate limit|saturation|exhaustion|exhausted|"
        "max connections|file descriptors|threads|thread pool"
    ),
    "clock": _names("clock|ntp|time sync|clock skew|leap second|timezone"),
    "payments": _names("payments|payment|billing|checkout|stripe|card|cards"),
    "search": _names("search|elasticsearch|opensearch|solr|index"),
    "email": _names("email|emails|smtp|mail|sendgrid|ses"),
    "security": _names(
        "attack|attacker|compromised|compromise|breach|malicious|exploit|vulnerability|cve|intrusion|"
        "phishing|leaked|exfiltration|unauthorized|attacks|attacking|attackers|cyber|cyberattack|cyber attack|"
        "hack|hacked|hacker|intruder|ransomware|wiper|malware|infostealer|phish|phished|phishes|backdoor|"
        "backdoored|poisoned|poisoning|hijack|hijacked|account takeover|supply chain|typosquat|typosquatting"
    ),
    "power": _names(
        "power|ups|psu|psus|generator|generators|utility power|power feed|hardware|hw|chassis|datacenter|"
        "data center|facility|breaker|breakers|hvac|cooling|chiller|chillers|crac|air conditioning|overheating|"
        "overheated|thermal"
    ),
}
"""Canonical component -> the words responders use for it (lower case; multi-word phrases allowed)."""
GENERIC_TERMS = frozenset(
    """
    error errors issue issues problem problems thing stuff graph graphs dashboard dashboards metric metrics log logs
    alert alerts service services system systems request requests user users customer customers side team
    minute minutes hour hours time today yesterday look looking check checking see seeing same new old now fine
    normal high low up down one two first last lot bit everything something anything nothing still ok okay yeah
    yes no prod production staging env environment app api
    """.split()
)
"""Words too common in incident channels to tie a reply to one hypothesis."""
FILLER_WORDS = frozenset(
    """
    morning afternoon evening night tonight overnight week weekend month earlier later around again since ago
    someone anyone everyone nobody everything anything every whole another other bunch couple
    maybe perhaps possibly probably really actually basically definitely clearly pretty quite
    """.split()
)
"""Longer words that say when or how sure, not what: a theory's "this morning" is not its subject."""
