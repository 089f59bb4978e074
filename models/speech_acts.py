"""Two speech acts a comms desk most needs to find: a question (or request) and a service complaint.

Whether a reply asks something is a matter of form (an interrogative, a request, a question mark), which
sentence embeddings blur: "how do I get a copy of my report" sits near "my report was never sent"
because both are about reports. These English and Spanish patterns carry the form; the topic classifier
(``models.topics``) uses them to decide ``questions_and_information`` and to back
``service_complaints``.
"""

from __future__ import annotations

import re

from models.base import content_hash

_QUESTION = re.compile(
    r"(\?|¿|"
    r"^\W*(how|what|what's|whats|where|when|who|whom|whose|which|why|is|are|am|was|were|can|could|do|does|did|"
    r"will|would|should|shall|has|have|any(one|body)?|qu[eé]|c[oó]mo|d[oó]nde|cu[aá]ndo|qui[eé]n|cu[aá]l|"
    r"cu[aá]nto|hay|puedo|pueden|tienen|necesito)\b|"
    r"\b(can|could|would) (someone|somebody|anyone|you|u|i|we)\b|\bwho (do|should|can) (i|we) (call|contact|"
    r"talk to|speak to|ask|report)|\b(does|do) (anyone|anybody|you) know\b|\bwondering (if|whether|how|what|"
    r"when|why)\b|\b(i|we) need to know\b|\blet (me|us) know\b|\bplease (advise|explain|tell|confirm|help|"
    r"send|share|post|dm|contact)\b|\bany (update|news|info|information|idea|word)s?\b|\bhow (do|can|long|"
    r"much|many|does)\b|\balguien sabe\b|\bme pueden\b|\bpor favor (digan|expliquen|ayuden)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_SERVICE_COMPLAINT = re.compile(
    r"\b(never (called|rang|got back|heard back|came|showed|answered|responded|replied|turned up)|"
    r"nobody (called|came|answered|showed|got back|responded|replied|turned up|bothered)|"
    r"no ?one (called|came|answered|showed|got back|responded|replied|turned up|bothered)|"
    r"still (waiting|no (reply|response|answer|word|call))|(on|kept me on) hold|"
    r"(took|waited|waiting) (over |nearly |almost )?(\d+|an?|one|two|three|four|five|six|several) "
    r"(hours?|hrs?|days?|weeks?|months?)|(didn'?t|did not|won'?t|wouldn'?t|refused to) (even )?"
    r"(come|call|investigate|look|answer|respond|bother|take (a|my) (report|statement))|"
    r"closed (my|the) case|no (crime|reference) number|(form|website|site|link|app|portal)( is| keeps| was)? "
    r"(broken|down|crashing|not working|doesn'?t work)|waste of time|pointless reporting|what'?s the point of "
    r"(reporting|calling)|(useless|hopeless) (service|response)|ignored (my|our|me|us)|"
    r"nadie (contest[oó]|vino|llam[oó]|respondi[oó])|nunca (llamaron|vinieron|respondieron|contestaron)|"
    r"sigo esperando)\b",
    re.IGNORECASE,
)

# Part of the topic model id: a change to either pattern changes the labels.
SOURCE = content_hash(_QUESTION.pattern, _SERVICE_COMPLAINT.pattern)


def is_question(text: str) -> bool:
    """True when ``text`` asks something or makes a request: interrogative, request phrase or "?"."""
    return bool(_QUESTION.search(text))


def is_service_complaint(text: str) -> bool:
    """True when ``text`` complains about the service itself: no call back, a long wait, a closed case."""
    return bool(_SERVICE_COMPLAINT.search(text))
