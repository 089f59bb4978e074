"""Answering from ``engage``: drafts, approval, sending through the platform, and moderation with a reason.

``machine`` is the pure approval state machine; ``drafts`` stores drafts and their audit rows;
``sending`` calls a platform :class:`~connectors.writing.Writer` idempotently and reconciles a crash at
the next collection; ``saved`` holds the desk's standard answers; ``moderation`` hides and unhides
with a reason from the department's policy. None of it imports the web app.
"""
