"""Alerts and escalation: rules raise alerts, an outbox in the database delivers them to channels.

Modules: ``settings`` (the config section), ``rules`` (what raises an alert), ``outbox`` (the
``alerts`` tables: stored before sent, one per rule and reply), ``escaping`` and ``channels`` (one
payload per channel format), ``worker`` (delivery with retries and backoff), ``engine`` (what the
daemon calls after each committed page and on its tick), ``handover`` (the shift summary).
"""
