"""The triage web app (``engage serve``): inbox, thread view, actions, dashboard and reports.

``engage.web.app.create_app`` builds it; ``engage.web.cli`` holds the ``serve`` and ``users``
commands (``engage triage`` is ``engage.triage_cli``); ``engage.web.screenshots`` takes the demo's
screenshots in Chromium.
"""
