"""Labelling the department's own posts: post type (push / pull / networking) and topic.

Runs after the public replies are classified (``engage classify``, the demo, or ``engage report
what-works`` when it finds posts without a label): only original department posts that the current
models have not labelled yet, in batches that commit on their own. Labels go to ``classifications``
under their model ids, exactly like the replies' labels, so a person can trace and re-run them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from engage.config import Config
from engage.store import Store

if TYPE_CHECKING:
    from models import ClassifierSuite

log = logging.getLogger(__name__)

BATCH = 256
PENDING = """
    SELECT p.uid, p.text FROM posts p
    WHERE p.is_department = 1 AND p.kind = 'post' AND p.tombstoned_at IS NULL AND p.uid > ?
      AND (NOT EXISTS (SELECT 1 FROM classifications c WHERE c.uid = p.uid AND c.task = 'post_type'
                       AND c.model_id = ?)
           OR (? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM classifications c WHERE c.uid = p.uid
                                             AND c.task = 'topics' AND c.model_id = ?)))
    ORDER BY p.uid LIMIT ?
"""


def pending_posts(store: Store, *, with_topics: bool) -> int:
    """Department posts lacking a label from the active post-type model (and, ``with_topics``, the active
    topic model: a department without configured topics has no topic labels to wait for)."""
    active = dict(store.db.execute("SELECT task, model_id FROM active_models").fetchall())
    post_type_model = active.get("post_type", "")
    topics_model = active.get("topics") if with_topics else None
    sql = f"SELECT COUNT(*) FROM ({PENDING.replace('LIMIT ?', '')})"  # noqa: S608 - constant text
    return store.db.execute(sql, ["", post_type_model, topics_model, topics_model]).fetchone()[0]


def label_department_posts(store: Store, suite: ClassifierSuite | None, config: Config) -> int:
    """Label every department post the current post-type (and topic) model has not labelled; return how many.

    The post-type head shares the suite's encoder when the suite has one; the topics are the suite's.
    """
    from models import load_post_type

    classifier = load_post_type(suite.encoder if suite is not None else None, runtime=config.models.runtime,
                                num_threads=config.models.num_threads)
    topics = suite.infos.get("topics") if suite is not None else None
    store.activate_model("post_type", classifier.info.model_id, classifier.info.labels)
    done, last = 0, ""
    topics_id = topics.model_id if topics is not None else None
    while rows := store.db.execute(PENDING, [last, classifier.info.model_id, topics_id, topics_id, BATCH]).fetchall():
        texts = [text or "" for _, text in rows]
        found = {"post_type": (classifier.info.model_id, classifier.predict(texts))}
        if suite is not None and topics is not None:
            found["topics"] = (topics.model_id, suite.predict(texts, tasks=["topics"])["topics"])
        labels = [
            {"uid": uid, "task": task, "model_id": model_id, "label": label, "scores": pred.scores}
            for task, (model_id, preds) in found.items()
            for (uid, _), pred in zip(rows, preds, strict=True)
            for label in pred.labels or ("none",)
        ]
        store.save_classifications(labels)
        done += len(rows)
        last = rows[-1][0]
    log.info("labelled %d department posts with %s", done, classifier.info.model_id)
    return done


def label_pending_posts(store: Store, config: Config) -> int:
    """Label the department's posts when some lack a label from the active models (loading them only then)."""
    from engage.classify import load_suite_from_config

    if pending_posts(store, with_topics=bool(config.topics)) == 0:
        return 0
    suite = load_suite_from_config(config, store, tasks=["topics"]) if config.topics else None
    return label_department_posts(store, suite, config)
