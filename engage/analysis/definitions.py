"""The "what works" definitions, versioned apart from the metric definitions (engage.metrics.definitions).

Every what-works report, JSON object and research export prints ``ANALYSIS_VERSION`` and these texts.
Change a rule here (and in the code that computes it) only together with a new version.
"""

from __future__ import annotations

ANALYSIS_VERSION = "what-works-v1"

FOLLOW_DAYS = 7
"""Replies, answers and follow-ups are counted for this many days after the post or reply."""

SMALL_SAMPLE = 30
"""Fewer answered or unanswered replies than this (or posts of a type): "sample too small"."""

POST_TYPES = ("push", "pull", "networking")
NOT_CLASSIFIED = "(not classified)"
NO_DEPARTMENT_POST = "(not a department thread)"

ANSWER_BANDS = ((1.0, "within 1 hour"), (4.0, "1 to 4 hours"), (24.0, "4 to 24 hours"),
                (24.0 * FOLLOW_DAYS, f"1 to {FOLLOW_DAYS} days"))
NOT_ANSWERED = f"not answered within {FOLLOW_DAYS} days"

NEED_BANDS = (0.6, 0.7, 0.8, 0.9)
"""Edges of the needs-response score bands used as a covariate (scores are the model's "yes" score)."""

HOUR_BANDS = ((0, "night 0-6"), (6, "morning 6-12"), (12, "afternoon 12-18"), (18, "evening 18-24"))

COVARIATES = ("the reply's own sentiment", "its topic", "its needs-response score (5 bands)", "platform",
              "hour of day (4 bands, department time zone)", "the type of the department post it replies under")

STATEMENT = (
    "This is an association adjusted for the listed factors, not an experiment. Replies the department "
    "answers differ from those it does not in ways these factors may not capture (tone the classifier misses, "
    "who is asking, what else happened that day), so the adjusted figure can still be biased."
)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("Post type", "Each department original post is coded push (informs), pull (asks the public: appeals, "
     "surveys, questions) or networking (dialogue: answering, thanking, apologising) by the post-type "
     "classifier; its topic is the department's topic model applied to the post's text."),
    ("Replies per post", f"Public replies in the post's thread within {FOLLOW_DAYS} days of the post, per post. "
     f"Posts younger than {FOLLOW_DAYS} days are left out. 95% interval: percentile bootstrap over posts."),
    ("Actionable share", "Actionable replies (metrics definition) / public replies in those threads; bootstrap "
     "over posts."),
    ("Conversation ratio", "Department responses to public replies in those threads / posts; bootstrap over posts."),
    ("Net sentiment", "(positive - negative) / classified public replies in those threads; bootstrap over posts."),
    ("Engagement per view", "Likes + replies + reposts + quotes / views, only over posts whose platform reports "
     "views; bootstrap over posts."),
    ("Relative to push", "Replies per post of a type divided by replies per post of push posts; bootstrap."),
    ("Later sentiment", f"For an actionable public reply: the mean sentiment (positive +1, neutral 0, negative -1) "
     f"of the classified public replies by other people within {FOLLOW_DAYS} days that answer it or answer the "
     "department's response to it (the conversation under the question, within its thread)."),
    ("Answered", f"A department response (any account, any tool) to the reply within {FOLLOW_DAYS} days."),
    ("Answer effect", "Difference in later sentiment between answered and unanswered actionable replies, "
     "adjusted for " + ", ".join(COVARIATES) + " by augmented inverse-probability weighting (a logistic "
     "propensity model and a linear outcome model per arm; propensities clipped to 0.02-0.98). 95% interval: "
     "percentile bootstrap of 200 resamples, both models refitted each time. Naive: the plain difference of means."),
    ("Balance", "Standardised mean difference of each covariate between answered and unanswered replies, before "
     "and after inverse-probability weighting; |SMD| under 0.1 is the usual mark of good balance."),
    ("Asker writes again", f"The person who asked posts another public reply in the same thread within "
     f"{FOLLOW_DAYS} days (matched by a pseudonymous in-memory code, within the thread only; no person is "
     "profiled or listed). The effect is adjusted as above; the sentiment of that next reply is descriptive only, "
     "since only those who came back have one."),
    ("Dose-response", "Mean later sentiment by time to the first department response (descriptive, unadjusted). "
     "95% interval: normal approximation with one pseudo-reply at each end of the scale (as for net sentiment), "
     "so a few replies that all agree do not give a zero-width interval."),
    ("Quarters", "Calendar quarters in the department's time zone. A change between quarters is called only when "
     "the two 95% intervals do not overlap; otherwise 'no clear change'."),
    ("Sample too small", f"Fewer than {SMALL_SAMPLE} answered or unanswered replies (or posts of a type): the "
     "figure is shown but not read."),
)
