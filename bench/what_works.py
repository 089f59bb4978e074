"""The what-works coverage study: does the analysis recover planted effects in 100 synthetic departments?

Each synthetic department (``engage.analysis.synthetic``) plants a known effect of answering on the
later sentiment (default +0.2) with confounding (the department answers the easy questions), and pull
posts with 3x the replies of push posts; a second set plants no effect. For each dataset the bench
runs the same estimator as the report and counts how often the 95% intervals cover the truth. The
naive answered-minus-unanswered comparison is scored the same way, to show its bias. Prints a table;
the last line is JSON. Never asserts.

    .venv/bin/python bench/what_works.py                      # 100 + 100 datasets, about 3 minutes
    .venv/bin/python bench/what_works.py --db /tmp/bench.db   # also time the report on a database
                                                              # built by bench/reports.py --db
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engage.analysis.estimators import Estimate, relative_rate  # noqa: E402
from engage.analysis.frame import build_tables  # noqa: E402
from engage.analysis.synthetic import Planted, synthetic_department, window  # noqa: E402
from engage.analysis.whatworks import estimate_effect, later_sample, later_sentiment  # noqa: E402

UTC_NAME = "UTC"


def covers(e: Estimate, truth: float) -> bool:
    return e.low is not None and e.high is not None and e.low <= truth <= e.high


def study(planted: Planted, datasets: int, posts: int, replicates: int, first_seed: int) -> dict[str, float]:
    """Coverage, bias and width of the adjusted and naive answer effects, and of the pull/push ratio."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(UTC_NAME)
    hits = {"adjusted": 0, "naive": 0, "pull_ratio": 0}
    errors: dict[str, list[float]] = {"adjusted": [], "naive": []}
    widths: list[float] = []
    for k in range(datasets):
        seed = first_seed + k
        rec = synthetic_department(posts, planted, seed=seed)
        since, until = window(rec)
        post_table, replies = build_tables(rec, tz, since, until, until)
        sample = later_sample(replies)
        rng = np.random.default_rng(seed)
        result = estimate_effect(sample, later_sentiment(sample), "later sentiment", rng, replicates).result
        hits["adjusted"] += covers(result.adjusted, planted.effect)
        hits["naive"] += covers(result.naive, planted.effect)
        errors["adjusted"].append(result.adjusted.estimate - planted.effect)
        errors["naive"].append(result.naive.estimate - planted.effect)
        widths.append(result.adjusted.high - result.adjusted.low)
        types = np.array(post_table.post_type, dtype=object)
        pull, push = types == "pull", types == "push"
        ratio = relative_rate(post_table.replies[pull].astype(float), np.ones(int(pull.sum())),
                              post_table.replies[push].astype(float), np.ones(int(push.sum())), rng)
        hits["pull_ratio"] += covers(ratio, planted.pull_multiplier)
    return {
        "datasets": datasets,
        "adjusted_coverage": hits["adjusted"] / datasets,
        "naive_coverage": hits["naive"] / datasets,
        "adjusted_mean_error": float(np.mean(errors["adjusted"])),
        "naive_mean_error": float(np.mean(errors["naive"])),
        "adjusted_mean_width": float(np.mean(widths)),
        "pull_ratio_coverage": hits["pull_ratio"] / datasets,
    }


def label_bench_posts(db: Path) -> int:
    """Give the bench database's posts post-type labels of a bench model id, as `engage classify` would."""
    from engage.store import Store

    with Store.open(db) as store:
        model_id = "bench-post-type@00000005"
        store.activate_model("post_type", model_id, ["push", "pull", "networking"])
        conn = store.db.conn
        with conn:  # a quarter pull, a quarter networking, half push
            conn.execute("DELETE FROM classifications WHERE task = 'post_type' AND model_id = ?", [model_id])
            cur = conn.execute(
                "INSERT INTO classifications (uid, task, model_id, label, scores, classified_at)"
                " SELECT uid, 'post_type', ?, CASE rowid % 4 WHEN 0 THEN 'pull' WHEN 1 THEN 'networking'"
                " ELSE 'push' END, '{}', created_at FROM posts WHERE is_department = 1 AND kind = 'post'",
                [model_id],
            )
        return cur.rowcount


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_report(db: Path) -> dict[str, float]:
    """Seconds (wall and CPU) for `engage report what-works --json` (whole process) on ``db``, median of three.

    On a shared machine the CPU seconds are the figure to compare: wall time there measures the load.
    """
    from engage.store import Store

    label_bench_posts(db)
    with Store.open(db) as store:
        replies = store.count("posts", "is_public_reply = 1")
        last = store.db.execute("SELECT MAX(created_at) FROM posts").fetchone()[0]
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text("department: {name: Bench PD, timezone: America/Chicago}\n"
                          f"data_dir: {tmp}\naccounts:\n  - {{platform: x, handle: RivertonPD}}\n", encoding="utf-8")
        cli = [str(Path(sys.executable).with_name("engage")), "report", "what-works", "--json",
               "--until", last[:10], "--config", str(config), "--db", str(db)]
        seconds, cpu = [], []
        for _ in range(3):
            start, used = time.perf_counter(), _children_cpu()
            proc = subprocess.run(cli, capture_output=True, text=True, check=False)  # noqa: S603 - our own CLI
            seconds.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - used)
            if proc.returncode != 0:
                raise SystemExit(f"what-works failed: {proc.stderr.strip()[-500:]}")
        sample = json.loads(proc.stdout)["sample"]
    return {"db_public_replies": replies, "what_works_s": round(sorted(seconds)[1], 2),
            "what_works_cpu_s": round(sorted(cpu)[1], 2),
            "what_works_first_s": round(seconds[0], 2), "posts_analysed": sample["posts_analysed"],
            "actionable_replies": sample["actionable_replies"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--posts", type=int, default=300, help="department posts per synthetic department")
    parser.add_argument("--effect", type=float, default=0.2)
    parser.add_argument("--replicates", type=int, default=200, help="bootstrap resamples per estimate")
    parser.add_argument("--db", type=Path, help="also time the report on this database (bench/reports.py --db)")
    opts = parser.parse_args()

    started, cpu = time.perf_counter(), time.process_time()
    planted = study(Planted(effect=opts.effect), opts.datasets, opts.posts, opts.replicates, 1000)
    null = study(Planted(effect=0.0), opts.datasets, opts.posts, opts.replicates, 5000)
    figures: dict[str, object] = {"planted_effect": opts.effect, "posts_per_dataset": opts.posts,
                                  "effect": planted, "no_effect": null,
                                  "study_s": round(time.perf_counter() - started, 1),
                                  "study_cpu_s": round(time.process_time() - cpu, 1)}
    print(f"{'datasets':<34}{opts.datasets} with effect {opts.effect:+.2f}, {opts.datasets} with none; "
          f"{opts.posts} posts each, confounded")
    print(f"{'':<34}{'effect planted':>16}{'no effect':>12}")
    for key, label in (("adjusted_coverage", "adjusted 95% interval covers"),
                       ("naive_coverage", "naive interval covers"),
                       ("adjusted_mean_error", "adjusted mean error"), ("naive_mean_error", "naive mean error (bias)"),
                       ("adjusted_mean_width", "adjusted interval width"),
                       ("pull_ratio_coverage", "pull/push = 3 covered")):
        print(f"{label:<34}{planted[key]:>16.3f}{null[key]:>12.3f}")
    print(f"{'study time':<34}{figures['study_s']:>15.1f}s wall, {figures['study_cpu_s']:.1f} s CPU")
    if opts.db:
        timing = time_report(opts.db)
        figures["report"] = timing
        print(f"report what-works on {timing['db_public_replies']:,} replies: {timing['what_works_s']:.2f} s "
              f"(median of 3; first {timing['what_works_first_s']:.2f} s), {timing['what_works_cpu_s']:.2f} s CPU")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
