"""``engage run`` and ``engage status``: the scheduled service a department leaves running for months.

Modules: ``lock`` (one daemon per database), ``logs`` (rotating log file + stderr), ``backoff``
(failing accounts wait longer), ``state`` (what the daemon writes for ``status`` to read),
``scheduler`` (the APScheduler jobs and the stop/crash behaviour), ``status`` (the health report),
``cli`` (the two commands).
"""
