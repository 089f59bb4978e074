"""The triage web app (``engage serve``): inbox, thread view, actions, dashboard and reports.

``engage.web.app.create_app`` builds it; ``engage.web.cli`` holds the ``serve``, ``users`` and
``triage`` commands; ``engage.web.screenshots`` takes the demo's screenshots in Chromium.
"""
