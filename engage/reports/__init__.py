"""Reports: the weekly leadership summary (``engage.reports.writer.write_weekly_report``), its charts,
rendering, mailing, and the ``engage report`` commands (``engage.reports.cli.report_app``).

Kept import-free so ``engage --help`` does not load numpy or the chart library.
"""
