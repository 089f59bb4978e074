"""Where the daemon meets the rules: after a committed page, after a classified batch, and on a tick.

- :meth:`AlertEngine.after_page`: phrase rules and reply spikes, right after a collection page commits.
- :meth:`AlertEngine.after_classify`: classifier urgency and negative spikes, after each labelled batch.
- :meth:`AlertEngine.tick` (every ``TICK_S``): acknowledgements from the audit log, escalations, SLA
  at risk, stalled collection.

Each evaluation runs in one transaction with the watermarks it advances, under one lock (collect
jobs run on several threads), so alerts and marks commit together or not at all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from engage.alerts import outbox, rules
from engage.alerts.settings import CollectionStalledRule, SlaAtRiskRule, SpikeRule, UrgentRule
from engage.config import Config
from engage.store import Store
from engage.timeutil import utcnow

log = logging.getLogger(__name__)

TICK_S = 30
SPIKE_EVERY = timedelta(seconds=10)  # a burst of pages re-counts the spike windows at most this often


class AlertEngine:
    def __init__(self, config: Config, on_raised: Callable[[], None] | None = None) -> None:
        self.config = config
        self.on_raised = on_raised or (lambda: None)
        self._lock = threading.Lock()
        self._spike_checked: dict[str, datetime] = {}

    @property
    def enabled(self) -> bool:
        return bool(self.config.alerts.rules)

    def _evaluate(self, store: Store, work: Callable[[datetime], int], now: datetime | None) -> int:
        if not self.enabled:
            return 0
        with self._lock, store.db.atomic():
            raised = work(now or utcnow())
        if raised:
            self.on_raised()
        return raised

    def _store(self, store: Store, rule: UrgentRule | SlaAtRiskRule | SpikeRule | CollectionStalledRule,
               found: list[outbox.NewAlert], now: datetime) -> int:
        group = float(getattr(rule, "group_seconds", 0.0))
        ids = outbox.raise_alerts(store, found, rule.channels, group_seconds=group, now=now)
        if ids:
            log.info("alerts raised rule=%s count=%d ids=%s", rule.name, len(ids), ",".join(map(str, ids[:20])))
        return len(ids)

    def _spikes(self, store: Store, metric: str, now: datetime) -> int:
        raised = 0
        for rule in self.config.alerts.rules:
            if not isinstance(rule, SpikeRule) or rule.metric != metric:
                continue
            last = self._spike_checked.get(rule.name)
            if last is not None and now - last < SPIKE_EVERY:
                continue
            self._spike_checked[rule.name] = now
            raised += self._store(store, rule, rules.spikes(store, self.config, rule, now), now)
        return raised

    def after_page(self, store: Store, now: datetime | None = None) -> int:
        """Phrase matches among the replies just committed, and spikes of replies to a post."""
        def work(now: datetime) -> int:
            raised = 0
            for rule in self.config.alerts.rules:
                if isinstance(rule, UrgentRule):
                    raised += self._store(store, rule, rules.urgent_by_phrase(store, self.config, rule, now), now)
            return raised + self._spikes(store, "post_replies", now)

        return self._evaluate(store, work, now)

    def after_classify(self, store: Store, now: datetime | None = None) -> int:
        """Replies the urgent model labelled yes since the last look, and negative spikes."""
        def work(now: datetime) -> int:
            raised = 0
            for rule in self.config.alerts.rules:
                if isinstance(rule, UrgentRule):
                    raised += self._store(store, rule, rules.urgent_by_classifier(store, self.config, rule, now), now)
            return raised + self._spikes(store, "negative", now)

        return self._evaluate(store, work, now)

    def tick(self, store: Store, now: datetime | None = None) -> int:
        """Time-driven rules (acknowledgements, escalations, SLA at risk, stalled collection), and a
        catch-up of the page and batch evaluations (after a crash between a commit and its evaluation)."""
        if not self.enabled:
            return 0
        caught_up = self.after_page(store, now) + self.after_classify(store, now)
        outbox.sync_acknowledgements(store)
        escalated = 0
        for rule in self.config.alerts.rules:
            escalate = getattr(rule, "escalate", None)
            if escalate is not None:
                escalated += outbox.escalate_unacknowledged(
                    store, rule.name, timedelta(minutes=escalate.after_minutes), escalate.channels, now
                )
        if escalated:
            log.warning("alerts: %d alert(s) unacknowledged past their delay escalated", escalated)
            self.on_raised()

        def work(now: datetime) -> int:
            raised = 0
            for rule in self.config.alerts.rules:
                if isinstance(rule, SlaAtRiskRule):
                    raised += self._store(store, rule, rules.sla_at_risk(store, self.config, rule, now), now)
                elif isinstance(rule, CollectionStalledRule):
                    raised += self._store(store, rule, rules.collection_stalled(store, self.config, rule, now), now)
            return raised

        return self._evaluate(store, work, now) + escalated + caught_up
