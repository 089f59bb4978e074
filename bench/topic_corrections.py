"""Benchmark: does correcting topic labels in the inbox improve the topic model? A learning curve.

Feeds 0..200 corrections (each a reply with the topics a person set on it, as ``engage classify``
reads them from the ``corrections`` table) into ``models.topics.TopicClassifier`` over the default
topics, and scores each model on a held-out set it never saw. Corrections come from the labelled
replies outside that set (``dev_topics.jsonl`` and ``written/train_extra.jsonl``), drawn in a seeded
random order, the way a desk would correct whatever it happened to open. Several seeds are averaged.

Prints a table; the last line is JSON: ``{"held_out": ..., "n": ..., "curve": [{"corrections": k,
"micro_f1": ...}, ...]}``.

    .venv/bin/python bench/topic_corrections.py [--held-out models/data/blind/test.jsonl] [--seeds 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.encoder import Encoder  # noqa: E402
from models.heldout import BLIND_TEST_PATH, WRITTEN_EXTRA_PATH  # noqa: E402
from models.labelled import (  # noqa: E402
    DEV_TOPICS_PATH,
    EVAL_PATHS,
    load_default_topics,
    multilabel_scores,
    read_jsonl,
)
from models.topics import TopicClassifier  # noqa: E402

STEPS = (0, 25, 50, 100, 150, 200)


def main(argv: list[str] | None = None) -> None:
    """Run the curve and print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = BLIND_TEST_PATH if BLIND_TEST_PATH.is_file() else EVAL_PATHS["topics"]
    parser.add_argument("--held-out", type=Path, default=default, help="JSONL with topics (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)

    specs = load_default_topics()
    names = [s.name for s in specs]
    held_out = read_jsonl(args.held_out)
    texts = [r["text"] for r in held_out]
    gold = [tuple(t for t in r["topics"] if t in names) or ("other",) for r in held_out]
    held_texts = set(texts)
    pool = [r for path in (DEV_TOPICS_PATH, WRITTEN_EXTRA_PATH) if path.is_file() for r in read_jsonl(path)
            if r["text"] not in held_texts]
    encoder = Encoder()
    embeddings = encoder.embed(texts)
    curve = []
    for k in STEPS:
        scores = []
        for seed in range(args.seeds if k else 1):
            chosen = random.Random(seed).sample(pool, min(k, len(pool)))
            examples = [(r["text"], t) for r in chosen for t in (r["topics"] or ["other"]) if t in names]
            model = TopicClassifier(specs, examples, encoder=encoder)
            predicted = [p.labels for p in model.predict_embeddings(embeddings, texts)]
            scores.append(multilabel_scores(gold, predicted, names)["micro_f1"])
        curve.append({"corrections": k, "micro_f1": round(statistics.mean(scores), 4),
                      "min": min(scores), "max": max(scores)})
    print(f"held-out set {args.held_out} (n={len(texts)}); corrections drawn from {len(pool)} labelled replies")
    print("corrections  micro-F1  (min-max over seeds)")
    for row in curve:
        print(f"{row['corrections']:>11}  {row['micro_f1']:.4f}    ({row['min']:.4f}-{row['max']:.4f})")
    print(json.dumps({"held_out": str(args.held_out), "n": len(texts), "curve": curve}))


if __name__ == "__main__":
    main()
