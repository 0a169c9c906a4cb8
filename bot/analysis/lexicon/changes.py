"""The change going out: deploy, CI/CD, GitOps and infrastructure-as-code bots, and people shipping."""

from __future__ import annotations

from bot.analysis.lexicon.shared import _rx

DEPLOYED_BOT = _rx(
    r"\bsync(?:ed)? (?:operation )?(?:to \S+ )?(?:succeeded|completed?|finished|done|successful)\b",
    r"\bsynced to (?:revision|rev|commit)\b",
    r"\b(?:run|plan|stack|change ?set|migration) \S+ (?:applied|executed|succeeded)\b",
    r"\bapplied (?:in|to) (?:the )?(?:workspace|env\w*|prod\w*|production|cluster|stack)\b",
    r"\b(?:pipeline|workflow|job|build|release) (?:[\"'`]?[^\"'`\n]{1,40}[\"'`]? )?(?:for \S+ )?"
    r"(?:succeeded|success(?:ful)?|passed|completed?|finished)\b",
    r"\bdeploy(?:ment)? (?:is )?live\b",
    r"\brelease v?\d[\w.]* (?:created|deployed|promoted|published)\b",
)
"""A deploy bot reporting a change out (Argo CD "sync succeeded to revision …", Terraform "run … applied in
workspace …", a pipeline or workflow "SUCCEEDED", "Deploy live for …", "Release v412 created")."""
NON_PRODUCTION = _rx(
    r"\b(?:staging|stage|dev|development|test|testing|qa|preview|sandbox|uat)\b|\bfeature/",
)
PRODUCTION = _rx(r"\bprod\w*|\bproduction\b|\blive\b|\bmain\b|\bmaster\b|\bstable\b|\bgeneral availability\b")
"""Where a deploy bot's post went: a build on staging or a feature branch is not the change that hit users."""
DEPLOY_FAILED = _rx(r"\b(?:failed|failure|errored|cancel+ed|aborted)\b|❌")
"""A deploy that did not go out."""
SHIPPED = _rx(
    r"(?<!nothing )(?<!nobody )(?<!no one )\b(?:deployed|shipped|released|merged|promoted|rolled out|pushed|published|"
    r"applied)\b(?: (?!and\b|but\b|or\b)[^\s,;]+){0,4}? "
    r"(?:to|on|in|into|across) (?:the |all |every )?(?:\S+ )?(?:prod\w*|production|live|main|master|stable|fleet|"
    r"regions?|all|everyone|\d+ ?%|pops?|edges?|clusters?|hosts|nodes|servers|customers)\b",
    r"\b(?:went|is|are|has gone|have gone|been) out to (?:the |all |every )?(?:\S+ )?(?:prod\w*|production|fleet|"
    r"regions?|all|everyone|pops?|edges?|clusters?|hosts|nodes|servers|customers|users)\b",
    r"\b(?:terraform|tofu|pulumi|helm|kubectl|ansible|puppet|chef|cdk)\b[^.?!\n]{0,40}\b(?:apply|up|upgrade|run|"
    r"deploy)\b[^.?!\n]{0,40}\b(?:finished|completed?|done|succeeded|went through)\b",
    r"\bmerged\b[^.?!\n]{0,60}\b(?:rolling|going|deploying|on its way) (?:out )?to\b",
    r"\bpromoted (?:the )?canary\b",
    r"\bchange (?:\S+ ){0,2}(?:executed|implemented)\b",
)
"""A person saying a change went out, past tense and with where it went ("shipped 2.41.0 to prod", "the new
config went out to all PoPs", "terraform apply on the prod vpc finished", "promoted the canary to 100%")."""
