"""Rebuild the shipped sentiment and abusive artifacts: ``python -m models.train sentiment|abusive``.

Both names run the same job because both classifiers share one tuned encoder branch (see
``models.tuned``): LoRA on MiniLM layers 1-2, read after layer 2 (a three-layer branch, half the
encoder work of the full six), trained multi-task on SemEval-2017 Task 4A sentiment and TweetEval
offensive + hate, selected on the TweetEval validation splits. Seeded; runs on CPU. The frozen layer
below the branch is run once over all texts and cached, so each training step only runs the tuned
layers. At the end the written artifacts are scored end to end under each runtime
(``record_runtime_figures``) for the model cards.

The shipped artifacts were built with ``python -m models.train sentiment --workers 2`` (about 30
minutes on two shared cores); the result depends on the seed and on the worker count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from peft import LoraConfig, get_peft_model
from safetensors.torch import save_file
from transformers.masking_utils import create_bidirectional_mask

from models.encoder import (
    TokenStates,
    configure_threads,
    length_sorted_batches,
    load_minilm_model,
    load_tokenizer,
    mean_pool,
    minilm_dir,
    run_layers,
    start_states,
)
from models.evaluate import (
    macro_f1,
    overlap_key,
    read_semeval,
    read_tweeteval,
    score,
    to_binary,
)
from models.tuned import (
    ABUSIVE_DIR,
    BINARY_LABELS,
    LORA_TARGETS,
    SENTIMENT_DIR,
    SENTIMENT_LABELS,
    BranchConfig,
)

log = logging.getLogger("models.train")

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TASK_LABELS = {"sentiment": SENTIMENT_LABELS, "offensive": ("no", "yes"), "hate": ("no", "yes")}


@dataclass
class Split:
    """This worker's share of one task's texts: rows in the full split, cached states, targets."""

    task: str
    rows: list[int]
    states: list[torch.Tensor]
    targets: list[int]


@dataclass
class Settings:
    """Hyper-parameters (recorded in metrics.json and the model card)."""

    # Layers [0, branch_layer) are frozen and shared with the plain encoder; LoRA adapts layers
    # [branch_layer, top_layer) and the heads read the mean-pooled output of layer top_layer - 1.
    # Stopping after 3 of the 6 layers halves the encoder work of a sentiment-only pass.
    branch_layer: int = 1
    top_layer: int = 3
    max_length: int = 128
    lora_r: int = 32
    lora_alpha: int = 64
    lora_dropout: float = 0.1
    head_dropout: float = 0.1
    batch_size: int = 32
    learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.05
    epochs: float = 1.5
    evals_per_epoch: int = 2
    seed: int = 13
    # Training examples drawn (seeded) per task; these caps take every example of each training set.
    max_train: tuple[tuple[str, int], ...] = (("sentiment", 48000), ("offensive", 12000), ("hate", 9000))
    threads: int | None = None
    workers: int = 1


def load_data(data_dir: Path) -> dict[str, tuple[list[str], list[str]]]:
    """All train/validation splits, keyed ``{task}/{split}``, labels as names of ``TASK_LABELS``."""
    sem_texts, sem_labels = read_semeval(sorted((data_dir / "semeval2017-task4a").glob("*.tsv")))
    val_texts, val_labels = read_tweeteval(data_dir / "tweeteval" / "sentiment", "val")
    # TweetEval's sentiment validation tweets come from these SemEval files: drop them from training.
    held_out = {overlap_key(t) for t in val_texts}
    keep = [i for i, t in enumerate(sem_texts) if overlap_key(t) not in held_out]
    log.info("sentiment train: %d SemEval tweets, %d dropped as validation tweets",
             len(keep), len(sem_texts) - len(keep))
    data = {
        "sentiment/train": ([sem_texts[i] for i in keep], [sem_labels[i] for i in keep]),
        "sentiment/val": (val_texts, val_labels),
    }
    for task, positive in (("offensive", "offensive"), ("hate", "hate")):
        for split in ("train", "val"):
            texts, labels = read_tweeteval(data_dir / "tweeteval" / task, split)
            data[f"{task}/{split}"] = (texts, to_binary(labels, positive))
    return data


def subsample(data: dict[str, tuple[list[str], list[str]]], caps: dict[str, int], seed: int
              ) -> dict[str, tuple[list[str], list[str]]]:
    """Keep a seeded random sample of at most ``caps[task]`` training examples per task."""
    out = dict(data)
    for task, cap in caps.items():
        texts, labels = data[f"{task}/train"]
        if len(texts) > cap:
            keep = sorted(random.Random(seed).sample(range(len(texts)), cap))
            out[f"{task}/train"] = ([texts[i] for i in keep], [labels[i] for i in keep])
            log.info("%s/train: using %d of %d examples", task, cap, len(texts))
    return out


def cache_lower_layers(model, tokenizer, texts: Sequence[str], settings: Settings) -> list[torch.Tensor]:
    """Token states after the frozen lower layers, one fp16 tensor (tokens x dim) per text."""
    out: list[torch.Tensor] = [torch.empty(0)] * len(texts)
    with torch.inference_mode():
        for number, indices in enumerate(length_sorted_batches(texts, 128)):
            if number % 20 == 0:
                log.info("caching lower layers: %d of %d texts", number * 128, len(texts))
            batch = tokenizer([texts[i] for i in indices], padding=True, truncation=True,
                              max_length=settings.max_length, return_tensors="pt")
            states = run_layers(model.encoder.layer,
                                start_states(model, batch["input_ids"], batch["attention_mask"]),
                                settings.branch_layer)
            lengths = batch["attention_mask"].sum(dim=1).tolist()
            for row, (i, n) in enumerate(zip(indices, lengths, strict=True)):
                out[i] = states.hidden[row, :n].to(torch.float16).clone()
    return out


def pad_states(items: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack variable-length token states into a zero-padded batch and its 0/1 mask."""
    longest = max(t.shape[0] for t in items)
    hidden = torch.zeros(len(items), longest, items[0].shape[1])
    mask = torch.zeros(len(items), longest, dtype=torch.long)
    for row, t in enumerate(items):
        hidden[row, : t.shape[0]] = t.float()
        mask[row, : t.shape[0]] = 1
    return hidden, mask


def branch_pooled(layers, config, items: Sequence[torch.Tensor], settings: Settings) -> torch.Tensor:
    """Run the (LoRA) branch layers over cached states and mean-pool."""
    hidden, mask = pad_states(items)
    layer_mask = create_bidirectional_mask(config=config, inputs_embeds=hidden, attention_mask=mask)
    top = run_layers(layers, TokenStates(hidden, mask, layer_mask, settings.branch_layer), settings.top_layer)
    return mean_pool(top.hidden, mask)


def training_batches(splits: Sequence[Split], batch_size: int, rng: random.Random) -> list[tuple[int, list[int]]]:
    """One epoch of (split index, example indices) batches, each of similar-length texts.

    Examples are shuffled, grouped in pools of 50 batches, sorted by length within a pool and cut
    into batches (little padding); the batches of all tasks are then shuffled together.
    """
    batches: list[tuple[int, list[int]]] = []
    for s, split in enumerate(splits):
        order = list(range(len(split.targets)))
        rng.shuffle(order)
        pool = batch_size * 50
        for start in range(0, len(order), pool):
            chunk = sorted(order[start : start + pool], key=lambda i: split.states[i].shape[0])
            batches.extend((s, chunk[b : b + batch_size]) for b in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def predict_probs(layers, config, head, split: Split, n: int, settings: Settings, workers: Workers) -> np.ndarray:
    """Softmax outputs of ``head`` over a cached validation split (all n rows, gathered from workers)."""
    items = split.states
    probs = np.zeros((len(items), head.out_features), dtype=np.float32)
    with torch.inference_mode():
        order = sorted(range(len(items)), key=lambda i: items[i].shape[0])
        for b in range(0, len(order), 128):
            idx = order[b : b + 128]
            pooled = branch_pooled(layers, config, [items[i] for i in idx], settings)
            probs[idx] = torch.softmax(head(pooled), dim=-1).numpy()
    return workers.gather_rows(split.rows, probs, n)


PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.1, 0.91, 0.05))


def select_sentiment(probs: np.ndarray, gold: Sequence[str], log_prior: np.ndarray) -> tuple[float, dict]:
    """Pick the prior-correction weight with the best validation macro-recall."""
    best: tuple[float, dict] | None = None
    for weight in PRIOR_WEIGHTS:
        adjusted = np.log(np.clip(probs, 1e-9, 1)) - weight * log_prior
        predicted = [SENTIMENT_LABELS[i] for i in adjusted.argmax(axis=1)]
        result = score("sentiment", "", SENTIMENT_LABELS, gold, predicted).as_dict()
        if best is None or result["macro_recall"] > best[1]["macro_recall"]:
            best = (weight, result)
    assert best is not None
    return best


def select_abusive(p_abusive: np.ndarray, gold: Sequence[str]) -> tuple[float, dict]:
    """Pick the threshold on P(abusive) with the best validation macro-F1."""
    best: tuple[float, dict] | None = None
    for threshold in THRESHOLDS:
        predicted = ["yes" if p >= threshold else "no" for p in p_abusive]
        result = score("abusive", "", BINARY_LABELS, gold, predicted).as_dict()
        if best is None or result["macro_f1"] > best[1]["macro_f1"]:
            best = (threshold, result)
    assert best is not None
    return best


class Workers:
    """Data-parallel training over ``world`` CPU processes (one thread each), or a no-op for one.

    Each worker caches and trains on its own share of every split; gradients of the few trainable
    parameters are averaged after each step, so all workers hold the same weights. Two one-thread
    processes use two cores as well as one two-thread process does, and keep their share of a CPU
    that other jobs are using.
    """

    def __init__(self, rank: int, world: int) -> None:
        self.rank = rank
        self.world = world

    def share(self, n: int) -> list[int]:
        return list(range(self.rank, n, self.world))

    def average_gradients(self, params: Sequence[torch.nn.Parameter]) -> None:
        if self.world == 1:
            return
        grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in params]
        flat = torch.cat([g.reshape(-1) for g in grads])
        torch.distributed.all_reduce(flat)
        flat /= self.world
        offset = 0
        for p in params:
            n = p.numel()
            p.grad = flat[offset : offset + n].view_as(p).clone()
            offset += n

    def broadcast(self, params: Sequence[torch.Tensor]) -> None:
        if self.world > 1:
            for p in params:
                torch.distributed.broadcast(p.data, src=0)

    def min_int(self, value: int) -> int:
        if self.world == 1:
            return value
        tensor = torch.tensor([value])
        torch.distributed.all_reduce(tensor, op=torch.distributed.ReduceOp.MIN)
        return int(tensor.item())

    def gather_rows(self, rows: Sequence[int], values: np.ndarray, n: int) -> np.ndarray:
        """Assemble every worker's rows of a (n x k) array (on every worker)."""
        parts = [(list(rows), values)]
        if self.world > 1:
            gathered: list = [None] * self.world
            torch.distributed.all_gather_object(gathered, (list(rows), values))
            parts = gathered
        out = np.zeros((n, values.shape[1]), dtype=values.dtype)
        for part_rows, part_values in parts:
            out[part_rows] = part_values
        return out

    def barrier(self) -> None:
        if self.world > 1:
            torch.distributed.barrier()


def run(data_dir: Path, settings: Settings, sentiment_dir: Path, abusive_dir: Path, limit: int = 0,
        workers: Workers | None = None) -> dict:
    """Train, select and write both artifacts; return the metrics written."""
    workers = workers or Workers(0, 1)
    started = time.time()
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    threads = configure_threads(1 if workers.world > 1 else settings.threads)
    data = load_data(data_dir)
    if limit:
        data = {key: (texts[:limit], labels[:limit]) for key, (texts, labels) in data.items()}
    data = subsample(data, dict(settings.max_train), settings.seed)
    base = load_minilm_model()
    tokenizer = load_tokenizer(minilm_dir())

    cached: dict[str, Split] = {}
    for key, (texts, labels) in data.items():
        t0 = time.time()
        task = key.split("/")[0]
        rows = workers.share(len(texts))
        states = cache_lower_layers(base, tokenizer, [texts[i] for i in rows], settings)
        cached[key] = Split(task, rows, states, [TASK_LABELS[task].index(labels[i]) for i in rows])
        log.info("cached %s: %d texts in %.0fs", key, len(texts), time.time() - t0)

    lora = LoraConfig(
        r=settings.lora_r, lora_alpha=settings.lora_alpha, lora_dropout=settings.lora_dropout,
        target_modules=list(LORA_TARGETS), layers_pattern="layer",
        layers_to_transform=list(range(settings.branch_layer, settings.top_layer)),
    )
    tuned = get_peft_model(load_minilm_model(), lora)
    tuned.peft_config["default"].base_model_name_or_path = "sentence-transformers/all-MiniLM-L6-v2"
    layers = tuned.base_model.model.encoder.layer
    heads = torch.nn.ModuleDict({task: torch.nn.Linear(base.config.hidden_size, len(labels))
                                 for task, labels in TASK_LABELS.items()})
    dropout = torch.nn.Dropout(settings.head_dropout)
    params = [p for p in tuned.parameters() if p.requires_grad] + list(heads.parameters())
    workers.broadcast(params)
    torch.manual_seed(settings.seed + 1 + workers.rank)  # dropout masks differ between workers
    optimizer = torch.optim.AdamW(params, lr=settings.learning_rate, weight_decay=settings.weight_decay)

    train_splits = [cached[f"{task}/train"] for task in TASK_LABELS]
    rng = random.Random(settings.seed + workers.rank)
    steps_per_epoch = workers.min_int(len(training_batches(train_splits, settings.batch_size, random.Random(0))))
    total_steps = math.ceil(steps_per_epoch * settings.epochs)
    warmup_steps = max(1, int(total_steps * settings.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup_steps, max(0.0, (total_steps - step) / (total_steps - warmup_steps))),
    )
    eval_every = max(1, steps_per_epoch // settings.evals_per_epoch)
    sem_counts = np.bincount([SENTIMENT_LABELS.index(x) for x in data["sentiment/train"][1]], minlength=3)
    log_prior = np.log(sem_counts / sem_counts.sum())
    log.info("LoRA on layers %d-%d, %d trainable parameters; %d steps (%d per epoch), %d threads",
             settings.branch_layer, settings.top_layer - 1, sum(p.numel() for p in params),
             total_steps, steps_per_epoch, threads)

    best_score = -1.0
    best: dict = {}
    step = 0
    t_train = time.time()
    while step < total_steps:
        for split_index, indices in training_batches(train_splits, settings.batch_size, rng)[:steps_per_epoch]:
            if step >= total_steps:
                break
            split = train_splits[split_index]
            tuned.train()
            pooled = branch_pooled(layers, base.config, [split.states[i] for i in indices], settings)
            logits = heads[split.task](dropout(pooled))
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor([split.targets[i] for i in indices]))
            loss.backward()
            workers.average_gradients(params)
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                rate = step / (time.time() - t_train)
                log.info("step %d/%d loss %.3f (%s) %.2f steps/s, eta %.0f min", step, total_steps,
                         loss.item(), split.task, rate, (total_steps - step) / rate / 60)
            if step % eval_every == 0 or step == total_steps:
                tuned.eval()
                metrics = evaluate_checkpoint(layers, base.config, heads, cached, data, log_prior, settings, workers)
                metrics["step"] = step
                metrics["epoch"] = round(step / steps_per_epoch, 2)
                log.info("eval step %d: sentiment macro-recall %.4f F1 %.4f acc %.4f (prior weight %s); "
                         "abusive macro-F1 %.4f (threshold %s)", step, metrics["sentiment"]["macro_recall"],
                         metrics["sentiment"]["macro_f1"], metrics["sentiment"]["accuracy"],
                         metrics["prior_weight"], metrics["abusive"]["macro_f1"], metrics["threshold"])
                if metrics["sentiment"]["macro_recall"] > best_score:
                    best_score = metrics["sentiment"]["macro_recall"]
                    best = metrics
                    if workers.rank == 0:
                        write_artifacts(tuned, heads, metrics, settings, log_prior, sentiment_dir, abusive_dir,
                                        data, time.time() - started)
                        log.info("saved checkpoint of step %d (sentiment macro-recall %.4f)", step, best_score)
                workers.barrier()
    log.info("done in %.1f min; best sentiment macro-recall %.4f at step %s",
             (time.time() - started) / 60, best_score, best.get("step"))
    return best


def evaluate_checkpoint(layers, config, heads, cached, data, log_prior, settings: Settings,
                        workers: Workers) -> dict:
    """Validation figures of the current weights, with the prior weight and threshold they select."""
    def probs(task: str, key: str) -> np.ndarray:
        return predict_probs(layers, config, heads[task], cached[key], len(data[key][0]), settings, workers)

    sent_probs = probs("sentiment", "sentiment/val")
    prior_weight, sentiment = select_sentiment(sent_probs, data["sentiment/val"][1], log_prior)
    p_off = {key: probs("offensive", key)[:, 1] for key in ("offensive/val", "hate/val")}
    p_hate = {key: probs("hate", key)[:, 1] for key in ("offensive/val", "hate/val")}
    gold = data["offensive/val"][1] + data["hate/val"][1]
    p_abusive = np.concatenate([np.maximum(p_off[k], p_hate[k]) for k in ("offensive/val", "hate/val")])
    threshold, abusive = select_abusive(p_abusive, gold)
    per_set = {}
    for task in ("offensive", "hate"):
        probs = (p_off if task == "offensive" else p_hate)[f"{task}/val"]
        predicted = ["yes" if p >= 0.5 else "no" for p in probs]
        per_set[task] = {"macro_f1_own_head": round(macro_f1(data[f"{task}/val"][1], predicted, BINARY_LABELS), 4)}
        n_own = len(data[f"{task}/val"][1])
        offset = 0 if task == "offensive" else len(data["offensive/val"][1])
        combined = ["yes" if p >= threshold else "no" for p in p_abusive[offset : offset + n_own]]
        per_set[task]["abusive"] = score("abusive", "", BINARY_LABELS, data[f"{task}/val"][1], combined).as_dict()
    return {"sentiment": sentiment, "prior_weight": prior_weight, "abusive": abusive, "threshold": threshold,
            **per_set}


def write_artifacts(tuned, heads, metrics: dict, settings: Settings, log_prior: np.ndarray,
                    sentiment_dir: Path, abusive_dir: Path, data: dict, seconds: float) -> None:
    """Write adapter, heads, configs, metrics.json and model cards of the current checkpoint."""
    from models.cards import abusive_card, sentiment_card

    sentiment_dir.mkdir(parents=True, exist_ok=True)
    abusive_dir.mkdir(parents=True, exist_ok=True)
    tuned.save_pretrained(str(sentiment_dir), save_embedding_layers=False)
    (sentiment_dir / "README.md").unlink(missing_ok=True)  # PEFT's generic card; MODEL_CARD.md is ours
    save_file({f"sentiment.{k}": v.detach().clone().contiguous() for k, v in heads["sentiment"].state_dict().items()},
              str(sentiment_dir / "head.safetensors"))
    config = BranchConfig(settings.branch_layer, settings.top_layer, settings.max_length, SENTIMENT_LABELS,
                          tuple(float(x) for x in log_prior), float(metrics["prior_weight"]))
    (sentiment_dir / "config.json").write_text(json.dumps(config.as_dict(), indent=2) + "\n", encoding="utf-8")
    save_file({f"{task}.{k}": v.detach().clone().contiguous()
               for task in ("offensive", "hate") for k, v in heads[task].state_dict().items()},
              str(abusive_dir / "head.safetensors"))
    (abusive_dir / "config.json").write_text(json.dumps({"threshold": metrics["threshold"]}, indent=2) + "\n",
                                             encoding="utf-8")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    sizes = {key: len(value[0]) for key, value in data.items()}
    common = {"date": today, "settings": vars(settings), "sizes": sizes, "train_minutes": round(seconds / 60, 1)}
    for directory, card in ((sentiment_dir, sentiment_card), (abusive_dir, abusive_card)):
        record = common | {"validation": metrics}
        (directory / "metrics.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        (directory / "MODEL_CARD.md").write_text(card(record), encoding="utf-8")


def record_runtime_figures(data_dir: Path, sentiment_dir: Path, abusive_dir: Path) -> None:
    """Score the written artifacts end to end under each runtime; add that to metrics.json and the cards."""
    from models.cards import abusive_card, sentiment_card
    from models.evaluate import runtime_figures

    figures = runtime_figures(data_dir, sentiment_dir, abusive_dir)
    for directory, sets, card in ((sentiment_dir, ("sentiment",), sentiment_card),
                                  (abusive_dir, ("offensive", "hate"), abusive_card)):
        record = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))
        record["by_runtime"] = {runtime: {name: by_set[name] for name in sets} for runtime, by_set in figures.items()}
        (directory / "metrics.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        (directory / "MODEL_CARD.md").write_text(card(record), encoding="utf-8")
        for runtime, by_set in record["by_runtime"].items():
            for name, result in by_set.items():
                log.info("%s end to end, %s: macro-recall %.4f, macro-F1 %.4f", name, runtime,
                         result["macro_recall"], result["macro_f1"])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m models.train",
        description="Rebuild the shipped sentiment + abusive artifacts (one shared tuned MiniLM branch; "
        "either name rebuilds both).",
    )
    parser.add_argument("task", choices=("sentiment", "abusive"))
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding semeval2017-task4a/ and tweeteval/")
    parser.add_argument("--out", type=Path, default=SENTIMENT_DIR, help="sentiment artifact folder")
    parser.add_argument("--abusive-out", type=Path, default=ABUSIVE_DIR, help="abusive artifact folder")
    parser.add_argument("--branch-layer", type=int, default=Settings.branch_layer,
                        help="first tuned layer; the layers below it are shared with the plain encoder")
    parser.add_argument("--top-layer", type=int, default=Settings.top_layer,
                        help="number of layers the branch runs (its heads read layer TOP_LAYER-1)")
    parser.add_argument("--lora-r", type=int, default=Settings.lora_r)
    parser.add_argument("--epochs", type=float, default=Settings.epochs)
    parser.add_argument("--seed", type=int, default=Settings.seed)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: usable cores)")
    parser.add_argument("--workers", type=int, default=1,
                        help="data-parallel worker processes, one thread each (e.g. 2 on a 2-core machine)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts of each split (smoke run)")
    parser.add_argument("--figures-only", action="store_true",
                        help="do not train: score the existing artifacts under each runtime and rewrite the cards")
    args = parser.parse_args(argv)
    if args.figures_only:
        _configure_logging(0)
        record_runtime_figures(args.data, args.out, args.abusive_out)
        return
    if not 0 <= args.branch_layer < args.top_layer:
        parser.error(f"--branch-layer {args.branch_layer} must be below --top-layer {args.top_layer}")
    settings = Settings(branch_layer=args.branch_layer, top_layer=args.top_layer, lora_r=args.lora_r,
                        lora_alpha=2 * args.lora_r, epochs=args.epochs, seed=args.seed, threads=args.threads,
                        workers=args.workers)
    _configure_logging(0)
    if args.workers == 1:
        run(args.data, settings, args.out, args.abusive_out, args.limit)
    else:
        import tempfile

        import torch.multiprocessing as mp

        with tempfile.TemporaryDirectory() as tmp:
            init = f"file://{tmp}/rendezvous"
            mp.spawn(_worker, args=(args.workers, init, args.data, settings, args.out, args.abusive_out, args.limit),
                     nprocs=args.workers, join=True)
    record_runtime_figures(args.data, args.out, args.abusive_out)


def _configure_logging(rank: int) -> None:
    logging.basicConfig(level=logging.INFO if rank == 0 else logging.WARNING,
                        format=f"%(asctime)s %(levelname)s %(name)s[{rank}] %(message)s")


def _worker(rank: int, world: int, init: str, data_dir: Path, settings: Settings, sentiment_dir: Path,
            abusive_dir: Path, limit: int) -> None:
    """Entry point of one data-parallel worker process."""
    _configure_logging(rank)
    torch.distributed.init_process_group("gloo", init_method=init, rank=rank, world_size=world)
    try:
        run(data_dir, settings, sentiment_dir, abusive_dir, limit, Workers(rank, world))
    finally:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
