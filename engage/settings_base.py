"""Building blocks shared by every config section (``engage.config`` and ``engage.alerts.settings``).

Kept apart from ``engage.config`` so a section defined in its own package can use them without an
import cycle.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not be silently ignored); values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def env_name(value: str | None) -> str | None:
    """Validate the *name* of an environment variable (secrets never live in config)."""
    if value is not None and not ENV_NAME.match(value):
        raise ValueError(f"{value!r} is not an environment variable name (A-Z, 0-9, _)")
    return value
