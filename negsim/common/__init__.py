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
