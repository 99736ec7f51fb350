"""Equilibria: negsim against nashpy and Gambit on random games (the sets must match).

Two players: every extreme equilibrium of ``GAMES`` random integer games per
size, from 4 x 4 to 12 x 12. 13 x 13 is the largest size negsim accepts; its
ten games would take several minutes on two cores, so it is not timed here.
14 x 14 needs more basis systems than negsim's limit, and a row says so.
Up to 10 x 10, ``DEGENERATE`` of the games of each size have payoffs 0..3
(ties make them degenerate); the others have payoffs 0..99 (some of which are
degenerate too: the row counts them). A game of payoffs 0..3 takes negsim
several times as long as one of 0..99 (it enumerates the partner polytope in
full; about five times at 10 x 10), so at 12 x 12 all ten have payoffs 0..99
to keep the run near ten minutes. negsim's vertex enumeration is timed against
Gambit's ``enummixed`` (complete enumeration, the goal's comparison) and
nashpy's vertex enumeration (up to ``NASHPY_MAX`` strategies); Gambit's
``lcp`` (Lemke-Howson, one equilibrium) is reported beside them as context,
not as a like-for-like comparison. Every side runs each game the same number
of times; a row's seconds are the sum over its games of each game's median.

n players: every pure equilibrium of random 5- and 6-player games with 6
strategies each (payoffs 0..9, so ties occur). negsim's best-response check
starts from the payoff array; Gambit is timed solving only (``enumpure`` on a
game built beforehand) and building plus solving (``Game.from_arrays`` then
``enumpure``). Each is called ``PURE_RUNS`` times: the first call is reported
as cold, the median of the rest as warm.

Goal: 12 x 12 complete enumeration at least 5x faster than Gambit's
``enummixed``.

Usage::

    python -m benchmarks.bench_games
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.common import timing
from negsim.errors import AnalysisError
from negsim.games.bimatrix import (
    DEFAULT_MAX_BASES,
    basis_count,
    extreme_equilibria,
    scale_payoffs,
)
from negsim.games.gambit import gambit_available, gambit_game, run_method
from negsim.games.pure import pure_equilibria

SIZES = (4, 6, 8, 10, 12)
QUICK_SIZES = (3, 4)
UNTIMED = 13
REFUSED = 14
GAMES = 10
DEGENERATE = 3
DEGENERATE_MAX_SIZE = 10
NASHPY_MAX = 6
PLAYERS = (5, 6)
QUICK_PLAYERS = (3,)
STRATEGIES = 6
PURE_RUNS = 5
TWO_PLAYERS = "Two players: every extreme equilibrium"
N_PLAYERS = "n players: every pure equilibrium"
GOAL_SIZE = 12
GOAL_SPEEDUP = 5.0


def runs_per_game(size: int) -> int:
    """Calls of each solver on each game: three on small games, one from 8 x 8 up."""
    return 3 if size < 8 else 1


def timed(call: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls (the first included), and the last result."""
    measured = timing(call, runs)
    return measured.median, measured.result


def same_set(ours: list[np.ndarray], theirs: list[np.ndarray], atol: float = 1e-6) -> bool:
    """Every profile of each list is within ``atol`` of one in the other, and the lists
    have as many distinct profiles (Gambit repeats an equilibrium once per basis)."""
    if not ours or not theirs:
        return len(ours) == len(theirs)
    distinct = {tuple(np.round(p, 9)) for p in theirs}
    if len(ours) != len(distinct):
        return False
    a, b = np.array(ours), np.array(theirs)
    close = np.abs(a[:, None, :] - b[None, :, :]).max(axis=2) <= atol
    return bool(close.any(axis=1).all() and close.any(axis=0).all())


def among(found: list[np.ndarray], ours: list[np.ndarray], atol: float = 1e-6) -> bool:
    """Every profile found is within ``atol`` of one of ours."""
    a, b = np.array(found), np.array(ours)
    return bool((np.abs(a[:, None, :] - b[None, :, :]).max(axis=2) <= atol).any(axis=1).all())


def _flat(pairs: Any) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(x), np.asarray(y)]) for x, y in pairs]


def random_games(size: int, count: int, rng: np.random.Generator) -> list[tuple]:
    """``count`` games; up to ``DEGENERATE_MAX_SIZE``, the first ``DEGENERATE`` have payoffs
    0..3."""
    degenerate = min(DEGENERATE, count - 1) if size <= DEGENERATE_MAX_SIZE else 0
    games = []
    for k in range(count):
        high = 4 if k < degenerate else 100
        games.append((rng.integers(0, high, (size, size)), rng.integers(0, high, (size, size))))
    return games


def _game_times(a: np.ndarray, b: np.ndarray, runs: int) -> dict[str, Any]:
    """One game: each solver's median seconds and whether every answer agrees with negsim's."""
    import nashpy

    t, sol = timed(lambda: extreme_equilibria(a, b), runs)
    ours = _flat(zip(sol.rows, sol.cols, strict=True))
    out: dict[str, Any] = {"negsim": t, "found": len(ours), "same": True}
    out["degenerate"] = bool(sol.degenerate)
    if a.shape[0] <= NASHPY_MAX:
        game = nashpy.Game(scale_payoffs(a), scale_payoffs(b))
        out["nashpy"], ref = timed(lambda: list(game.vertex_enumeration()), runs)
        out["same"] &= same_set(ours, _flat(ref))
    if gambit_available():
        game = gambit_game(np.stack([a, b], -1))
        out["gambit"], ref = timed(lambda: run_method(game, "enummixed"), runs)
        out["same"] &= same_set(ours, _flat(ref))
        out["lcp"], ref = timed(lambda: run_method(game, "lcp"), runs)
        out["same"] &= bool(ref) and among(_flat(ref), ours)
    return out


def size_row(size: int, games: list[tuple]) -> dict[str, Any]:
    """One size: sums over its games, the ratios, and the goal at the goal size."""
    runs = runs_per_game(size)
    per_game = [_game_times(a, b, runs) for a, b in games]
    total = {
        k: sum(g[k] for g in per_game)
        for k in ("negsim", "nashpy", "gambit", "lcp")
        if k in per_game[0]
    }
    row: dict[str, Any] = {
        "table": TWO_PLAYERS,
        "case": f"all extreme equilibria, 2 players {size}x{size}",
        "same answer": all(g["same"] for g in per_game),
        "games (degenerate)": f"{len(games)} ({sum(g['degenerate'] for g in per_game)})",
        "runs per game": runs,
        "equilibria": sum(g["found"] for g in per_game),
        "negsim s": total["negsim"],
        "nashpy s": total.get("nashpy", "not run (too slow)"),
        "gambit enummixed s": total.get("gambit", "pygambit not installed"),
    }
    if "nashpy" in total:
        row["nashpy / negsim"] = total["nashpy"] / total["negsim"]
    if "gambit" in total:
        speedup = total["gambit"] / total["negsim"]
        row["enummixed / negsim"] = speedup
        row["gambit lcp s (one equilibrium, context)"] = total["lcp"]
        if size == GOAL_SIZE:
            row["goal"] = f">= {GOAL_SPEEDUP:g}x faster than enummixed"
            row["met"] = "met" if speedup >= GOAL_SPEEDUP else f"not met ({speedup:.3g}x)"
    return row


def limit_row(size: int) -> dict[str, Any]:
    """Whether negsim accepts ``size`` x ``size`` games (solving none), with its reason."""
    bases = basis_count(size, size)
    said = f"accepted ({bases:,} basis systems); not timed: beyond this benchmark's share"
    if bases > DEFAULT_MAX_BASES:
        a = np.zeros((size, size), dtype=int)
        try:  # refused before any work, from the basis count alone
            extreme_equilibria(a, a)
        except AnalysisError as exc:
            said = f"refused: {exc}"
    return {"table": TWO_PLAYERS, "case": f"2 players {size}x{size}", "negsim s": said}


def two_player_rows(quick: bool = False, seed: int = 2026) -> list[dict]:
    """One row per size, then the size negsim refuses."""
    rng = np.random.default_rng(seed)
    count = 2 if quick else GAMES
    rows = [size_row(n, random_games(n, count, rng)) for n in (QUICK_SIZES if quick else SIZES)]
    return rows if quick else [*rows, limit_row(UNTIMED), limit_row(REFUSED)]


def _pure_row(payoffs: np.ndarray) -> dict[str, Any]:
    """negsim against Gambit solve-only and build+solve, cold and warm, same runs."""
    ours = timing(lambda: pure_equilibria(payoffs, tolerance=0.0), PURE_RUNS)
    players = payoffs.shape[-1]
    row: dict[str, Any] = {
        "table": N_PLAYERS,
        "case": f"pure equilibria, {players} players x {payoffs.shape[0]} strategies",
        "equilibria": len(ours.result),
        "runs": PURE_RUNS,
        "negsim cold s": ours.cold,
        "negsim warm s": ours.warm,
    }
    if not gambit_available():
        row["gambit"] = "pygambit not installed"
        return row
    built = timing(lambda: run_method(gambit_game(payoffs), "enumpure"), PURE_RUNS)
    game = gambit_game(payoffs)
    solved = timing(lambda: run_method(game, "enumpure"), PURE_RUNS)
    found = {tuple(p) for p in ours.result.tolist()}
    row["same answer"] = all(
        {tuple(int(np.argmax(m)) for m in eq) for eq in t.result} == found for t in (built, solved)
    )
    row.update(
        {
            "gambit solve-only cold s": solved.cold,
            "gambit solve-only warm s": solved.warm,
            "gambit build+solve cold s": built.cold,
            "gambit build+solve warm s": built.warm,
            "solve-only / negsim (warm)": solved.warm / ours.warm,
            "build+solve / negsim (warm)": built.warm / ours.warm,
        }
    )
    return row


def n_player_rows(quick: bool = False, seed: int = 2027) -> list[dict]:
    """One row per number of players."""
    rng = np.random.default_rng(seed)
    rows = []
    for players in QUICK_PLAYERS if quick else PLAYERS:
        shape = (STRATEGIES,) * players
        rows.append(_pure_row(rng.integers(0, 10, (*shape, players)).astype(float)))
    return rows


def run(quick: bool = False) -> list[dict]:
    """Rows of the benchmark table; the sets found must match in every row."""
    return two_player_rows(quick) + n_player_rows(quick)


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
