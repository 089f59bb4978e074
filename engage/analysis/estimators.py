"""The estimators behind "what works": ratio intervals, a propensity model, doubly robust weighting.

All in numpy, on purpose small enough to check against a textbook:

- ``ratio_interval``: a ratio of sums over clusters (posts), such as replies per post or the share of
  replies that are actionable, with a percentile cluster-bootstrap 95% interval (threads are the unit
  that varies, not single replies).
- ``fit_logistic``: weighted logistic regression by Newton's method, the propensity model.
- ``answer_effect``: the augmented inverse-probability-weighted (AIPW, "doubly robust") estimate of
  the average effect of a department answer on an outcome, adjusted for the covariates: it is
  consistent if either the propensity model or the outcome model is right. Its 95% interval is a
  percentile bootstrap that refits both models in every resample. Covariates are categorical, so
  the rows compress into groups (covariate pattern, arm, outcome value); a resample of the rows is a
  multinomial draw over the groups, and the models are fitted on a few thousand cells, whatever n.
- ``smd``: standardised mean differences of the covariates between answered and unanswered replies,
  before and after weighting (balance is good when every |SMD| < 0.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

Z95 = 1.959963984540054
BOOTSTRAP = 200
RATIO_BOOTSTRAP = 500
PROPENSITY_CLIP = 0.02
RIDGE = 1e-3
PROPENSITY_RIDGE = 1.0


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% interval (None when there is too little data for one)."""

    estimate: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"estimate": _round(self.estimate), "low": _round(self.low), "high": _round(self.high)}

    def excludes(self, value: float) -> bool:
        return self.low is not None and self.high is not None and not self.low <= value <= self.high

    def overlaps(self, other: Estimate) -> bool:
        if None in (self.low, self.high, other.low, other.high):
            return True
        return self.low <= other.high and other.low <= self.high  # type: ignore[operator]


NO_ESTIMATE = Estimate(None, None, None)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _resample_rows(rng: np.random.Generator, n: int, replicates: int, budget: int = 4_000_000):
    """Yield blocks of bootstrap index arrays (replicates x n), a few million indexes at a time."""
    per_block = max(1, budget // max(n, 1))
    done = 0
    while done < replicates:
        size = min(per_block, replicates - done)
        yield rng.integers(0, n, size=(size, n))
        done += size


def ratio_interval(numerator: np.ndarray, denominator: np.ndarray, rng: np.random.Generator,
                   replicates: int = RATIO_BOOTSTRAP) -> Estimate:
    """sum(numerator) / sum(denominator) over clusters, with a percentile cluster-bootstrap interval."""
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    n = numerator.size
    total = denominator.sum()
    if n == 0 or total <= 0:
        return NO_ESTIMATE
    point = float(numerator.sum() / total)
    if n < 2:
        return Estimate(point, None, None)
    draws = []
    for idx in _resample_rows(rng, n, replicates):
        num, den = numerator[idx].sum(axis=1), denominator[idx].sum(axis=1)
        draws.append(np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0))
    values = np.concatenate(draws)
    low, high = np.nanquantile(values, [0.025, 0.975])
    return Estimate(point, float(low), float(high))


def relative_rate(num_a: np.ndarray, den_a: np.ndarray, num_b: np.ndarray, den_b: np.ndarray,
                  rng: np.random.Generator, replicates: int = RATIO_BOOTSTRAP) -> Estimate:
    """(sum num_a / sum den_a) / (sum num_b / sum den_b), each group resampled on its own."""
    if num_a.size < 2 or num_b.size < 2 or num_b.sum() <= 0 or den_a.sum() <= 0:
        return NO_ESTIMATE
    point = (num_a.sum() / den_a.sum()) / (num_b.sum() / den_b.sum())
    ia = rng.integers(0, num_a.size, size=(replicates, num_a.size))
    ib = rng.integers(0, num_b.size, size=(replicates, num_b.size))
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (num_a[ia].sum(1) / den_a[ia].sum(1)) / (num_b[ib].sum(1) / den_b[ib].sum(1))
    values = values[np.isfinite(values)]
    if not values.size:
        return Estimate(float(point), None, None)
    low, high = np.quantile(values, [0.025, 0.975])
    return Estimate(float(point), float(low), float(high))


def mean_interval(values: np.ndarray, bounds: tuple[float, float] = (-1.0, 1.0)) -> Estimate:
    """Mean of scores on the scale ``bounds`` with a normal-approximation 95% interval (descriptive figures
    such as the dose-response).

    The interval is computed with one pseudo-value at each end of the scale added, as Bonett and Price
    do for net sentiment, so a handful of replies that all agree does not get a zero-width interval.
    """
    values = np.asarray(values, float)
    if values.size == 0:
        return NO_ESTIMATE
    mean = float(values.mean())
    padded = np.concatenate([values, bounds])
    centre = float(padded.mean())
    half = Z95 * float(padded.std(ddof=1)) / np.sqrt(padded.size)
    return Estimate(mean, max(bounds[0], centre - half), min(bounds[1], centre + half))


def fit_logistic(x: np.ndarray, successes: np.ndarray, trials: np.ndarray, iterations: int = 25,
                 start: np.ndarray | None = None) -> np.ndarray:
    """Binomial logistic regression (``x`` includes the intercept column) by Newton's method.

    One row per cell: ``successes`` answered out of ``trials`` replies (bootstrap multiplicities
    included). A unit ridge on the slopes (a standard normal prior on log-odds, negligible beside
    hundreds of replies) keeps the fit finite when a rare category is always or never answered. A
    bootstrap resample starts from the full sample's coefficients (``start``) and converges in two or
    three steps.
    """
    beta = np.zeros(x.shape[1]) if start is None else start.copy()
    ridge = PROPENSITY_RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (successes - trials * p) - ridge @ beta
        hessian = (x * (trials * p * (1 - p))[:, None]).T @ x + ridge + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-5:  # log-odds: far below anything the figures show
            break
    return beta


def _weighted_ols(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> np.ndarray:
    xw = x * weight[:, None]
    return np.linalg.solve(xw.T @ x + RIDGE * np.eye(x.shape[1]), xw.T @ y)


@dataclass(frozen=True)
class Cells:
    """Rows compressed to covariate patterns: ``cell[i]`` is row i's pattern, ``x`` one design row per cell."""

    cell: np.ndarray
    x: np.ndarray

    @classmethod
    def of(cls, design: np.ndarray) -> Cells:
        """Cells of a 0/1 design: each row read as a binary number (a 1-D unique, not a sort of rows)."""
        if design.shape[1] <= 62:
            keys = design.astype(np.int64) @ (np.int64(1) << np.arange(design.shape[1], dtype=np.int64))
            _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            patterns = design[first]
        else:
            patterns, inverse = np.unique(design, axis=0, return_inverse=True)
        return cls(inverse.ravel(), np.hstack([np.ones((len(patterns), 1)), patterns]))


@dataclass(frozen=True)
class Groups:
    """Rows that are interchangeable for the estimate: same cell, same arm, same outcome, and how many.

    Resampling n rows with replacement is then a multinomial draw of n over the groups, whose cost
    does not grow with n (a million replies fall into a few thousand groups).
    """

    key: np.ndarray  # cell * 2 + arm
    y: np.ndarray
    count: np.ndarray

    @classmethod
    def of(cls, cells: Cells, treated: np.ndarray, outcome: np.ndarray) -> Groups:
        key = cells.cell.astype(np.int64) * 2 + treated
        order = np.lexsort((outcome, key))
        k, y = key[order], outcome[order]
        starts = np.flatnonzero(np.concatenate([[True], (k[1:] != k[:-1]) | (y[1:] != y[:-1])]))
        count = np.diff(np.append(starts, k.size)).astype(float)
        return cls(k[starts], y[starts], count)

    def sums(self, cells: int, weight: np.ndarray | None = None):
        """Per cell: answered count, answered outcome sum, unanswered count, unanswered outcome sum."""
        w = self.count if weight is None else weight
        n = np.bincount(self.key, weights=w, minlength=2 * cells)
        s = np.bincount(self.key, weights=w * self.y, minlength=2 * cells)
        return n[1::2], s[1::2], n[0::2], s[0::2]


def _aipw_from_sums(cells: Cells, n1: np.ndarray, s1: np.ndarray, n0: np.ndarray, s0: np.ndarray,
                    start: np.ndarray | None = None) -> tuple[float, np.ndarray, np.ndarray]:
    """AIPW effect from per-cell counts and outcome sums of each arm; also the fitted propensities and
    the propensity model's coefficients."""
    x = cells.x
    counts = n1 + n0
    seen = counts > 0
    xs = x[seen]
    propensity = np.full(len(x), np.nan)
    beta = fit_logistic(xs, n1[seen], counts[seen], start=start)
    propensity[seen] = np.clip(1.0 / (1.0 + np.exp(-np.clip(xs @ beta, -30, 30))), PROPENSITY_CLIP, 1 - PROPENSITY_CLIP)
    m1 = x @ _weighted_ols(x, np.divide(s1, n1, out=np.zeros_like(s1), where=n1 > 0), n1)
    m0 = x @ _weighted_ols(x, np.divide(s0, n0, out=np.zeros_like(s0), where=n0 > 0), n0)
    e = propensity[seen]
    total = counts[seen].sum()
    effect = (
        (counts[seen] * (m1[seen] - m0[seen])).sum()
        + ((s1[seen] - n1[seen] * m1[seen]) / e).sum()
        - ((s0[seen] - n0[seen] * m0[seen]) / (1 - e)).sum()
    ) / total
    return float(effect), propensity, beta


@dataclass(frozen=True)
class EffectResult:
    """An adjusted effect, the naive difference beside it, and the balance the weighting achieved."""

    adjusted: Estimate
    naive: Estimate
    n_answered: int
    n_unanswered: int
    propensity: np.ndarray  # per row

    def as_dict(self, which: str = "adjusted") -> dict[str, object]:
        est = self.adjusted if which == "adjusted" else self.naive
        return {**est.as_dict(), "n_answered": self.n_answered, "n_unanswered": self.n_unanswered}


def answer_effect(design: np.ndarray, treated: np.ndarray, outcome: np.ndarray, rng: np.random.Generator,
                  replicates: int = BOOTSTRAP) -> EffectResult:
    """The AIPW effect of ``treated`` on ``outcome`` adjusted for ``design`` (one-hot covariates, no
    intercept), with a percentile bootstrap interval, and the naive difference of means with its own."""
    treated = np.asarray(treated, dtype=np.int64)
    outcome = np.asarray(outcome, dtype=float)
    n1, n0 = int(treated.sum()), int((1 - treated).sum())
    if n1 < 2 or n0 < 2:
        return EffectResult(NO_ESTIMATE, NO_ESTIMATE, n1, n0, np.full(treated.size, np.nan))
    cells = Cells.of(np.asarray(design, dtype=float))
    groups = Groups.of(cells, treated, outcome)
    k = len(cells.x)
    point, propensity, beta = _aipw_from_sums(cells, *groups.sums(k))
    naive_point = float(outcome[treated == 1].mean() - outcome[treated == 0].mean())
    adjusted, naive = [], []
    share = groups.count / groups.count.sum()
    # Hundreds of fits on matrices of a few thousand rows: BLAS threads cost more than they save (a
    # third of the time on two busy cores), so the loop runs on one.
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(replicates):
            sums = groups.sums(k, rng.multinomial(treated.size, share).astype(float))
            adjusted.append(_aipw_from_sums(cells, *sums, start=beta)[0])
            a1, y1, a0, y0 = (v.sum() for v in sums)
            naive.append(y1 / a1 - y0 / a0 if a1 and a0 else np.nan)
    lo, hi = np.nanquantile(adjusted, [0.025, 0.975])
    nlo, nhi = np.nanquantile(naive, [0.025, 0.975])
    return EffectResult(Estimate(point, float(lo), float(hi)), Estimate(naive_point, float(nlo), float(nhi)),
                        n1, n0, propensity[cells.cell])


def smd(design: np.ndarray, treated: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Standardised mean difference of each column between arms (pooled unweighted SD as the scale)."""
    design = np.asarray(design, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    w = np.ones(len(treated)) if weight is None else np.asarray(weight, float)
    a, b = design[treated], design[~treated]
    mean_a = np.average(a, axis=0, weights=w[treated])
    mean_b = np.average(b, axis=0, weights=w[~treated])
    scale = np.sqrt((a.var(axis=0) + b.var(axis=0)) / 2)
    return np.divide(mean_a - mean_b, scale, out=np.zeros_like(scale), where=scale > 0)


def ipw_weights(treated: np.ndarray, propensity: np.ndarray) -> np.ndarray:
    """Inverse-probability weights for the average effect: 1/e for the answered, 1/(1-e) for the rest."""
    treated = np.asarray(treated, dtype=bool)
    return np.where(treated, 1.0 / propensity, 1.0 / (1.0 - propensity))
