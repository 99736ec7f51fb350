"""The scenarios the figures' tests draw, and a figure rendered with warnings as errors."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine_land_for_peace_2026.yaml"


def render(fig) -> bytes:
    """Render a figure to PNG with every warning raised as an error."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buffer, format="png", dpi=60)
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG")
    return data
