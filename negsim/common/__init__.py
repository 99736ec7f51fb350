"""Shared vocabulary of every stage: how a result was decided, JSON data, progress, hints.

Below every stage (it imports nothing of negsim):
:class:`~negsim.common.provenance.Provenance` (the method, exactness,
tolerance, grid resolution and note every result carries),
:func:`~negsim.common.serialize.to_jsonable` (plain JSON data from dataclasses,
numpy values, mappings and sequences), :func:`~negsim.common.progress.progress_bar`
(a tqdm bar, or a silent stand-in) and :func:`~negsim.common.suggest.did_you_mean`
(the hint appended to a message about an unknown name).
"""

from __future__ import annotations

from negsim.common.progress import progress_bar
from negsim.common.provenance import Provenance
from negsim.common.serialize import to_jsonable
from negsim.common.suggest import did_you_mean

__all__ = ["Provenance", "did_you_mean", "progress_bar", "to_jsonable"]
