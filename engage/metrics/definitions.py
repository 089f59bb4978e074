"""The metric definitions, versioned. Every report and export prints ``METRICS_VERSION`` and these texts.

Change a definition here (and in the code that computes it) only together with a new version, so a
figure in an old report can always be traced to the rule that produced it (docs/metrics.md, History).
"""

from __future__ import annotations

METRICS_VERSION = "v2"

# What each version changed, newest first (printed in the export codebook and the README).
CHANGES: tuple[tuple[str, str], ...] = (
    ("v2", "Answered elsewhere: an answer a person records as given off the platform (phone, direct message, "
     "in person, with its time) is a response. It counts in the response rate, within SLA and first "
     "response time, and is shown as its own category beside answers on the platform; such a reply is "
     "actionable. Collection delay leaves out replies imported without a collection time (imported data, "
     "collected elsewhere). The naive median of first-response times is the conventional median (the mean "
     "of the two middle values of an even count; it was the lower of the two). The Kaplan-Meier median is "
     "stated as read off the step curve."),
    ("v1", "First published definitions."),
)

ACTIONABLE_NOTE = (
    "Response rate counts only actionable replies; praise, emoji-only, spam and abuse are not owed an answer."
)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("Public reply", "A post by someone other than the department that replies to, quotes or mentions a "
     "department account, or sits in a thread the department started."),
    ("Actionable reply", "A public reply the classifier labels as needing a response (a person's correction "
     "overrides the model), one a person marked in triage as in progress, responded or escalated, or one "
     "recorded as answered elsewhere."),
    ("Answered elsewhere", "An answer given off the platform (phone, direct message, in person), recorded in "
     "triage with the time it was given. It is a response like a department post that answers the reply; "
     "reports show how many of the answered replies were first answered this way."),
    ("Department response", "A post by any of the department's accounts whose parent is the public reply, "
     "wherever it was made (native app or this tool). Only the first one counts."),
    ("Response rate", "Actionable replies created in the period and answered by the period's end (on the "
     "platform or elsewhere), divided by actionable replies created in the period. 95% Wilson interval. "
     "Within SLA: answered within the configured SLA hours of the reply."),
    ("First response time", "From the moment the public posted (not when it was collected) to the first "
     "department response, on the platform or answered elsewhere. Median and 90th percentile by Kaplan-Meier "
     "over actionable replies, with replies still unanswered at the period's end counted as censored, not "
     "dropped; 'not reached' when fewer than half (or 90%) were answered. The Kaplan-Meier median is read "
     "off the step curve: the first time at which the share still unanswered falls to one half or below "
     "(never interpolated between two answers: answers after 15 and 90 minutes give 15 minutes). The naive "
     "median over answered replies alone, the conventional median (15 and 90 minutes give 52.5), is shown "
     "beside it, labelled, because it flatters the department. Business-hours figures count only configured "
     "business hours in the department's time zone."),
    ("Collection delay", "Time from the public posting to engage collecting it (median and 90th percentile); "
     "shown beside response time so a slow collector cannot hide or inflate it. Replies imported from files "
     "without a collection time (imported data, collected elsewhere) have none and are left out."),
    ("Engagement", "Likes + replies + reposts + quotes of a department post at its latest snapshot. "
     "Engagement rate = engagement / views, only where the platform reports views (never guessed)."),
    ("Conversation ratio", "Department responses to public replies / department original posts in the period."),
    ("Net sentiment", "(positive - negative) / classified public replies. The department's own posts never "
     "enter it; likes and shares are engagement, not sentiment. 95% interval: Bonett-Price adjusted Wald "
     "interval for a difference of proportions from one multinomial sample."),
    ("Change", "A week-over-week change is called a change only when the two 95% intervals do not overlap; "
     "otherwise 'no clear change'. Figures from fewer than 30 replies are marked as a small sample."),
    ("Weeks", "ISO weeks (Monday to Sunday) in the department's time zone; times are stored in UTC."),
)

SMALL_SAMPLE = 30

KM_MEDIAN_NOTE = (
    "The Kaplan-Meier median is read off the response curve: the first time by which half the actionable "
    "replies had an answer, unanswered replies counted as still waiting."
)
