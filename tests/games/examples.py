"""Small games and the brute-force pure equilibria the solvers are checked against."""

from __future__ import annotations

import itertools

import negsim


def brute_force(payoffs):
    """Pure equilibria by checking every unilateral deviation of every profile."""
    shape = payoffs.shape[:-1]
    found = []
    for profile in itertools.product(*map(range, shape)):
        stable = True
        for i, size in enumerate(shape):
            for other in range(size):
                deviation = list(profile)
                deviation[i] = other
                if payoffs[(*deviation, i)] > payoffs[(*profile, i)]:
                    stable = False
        if stable:
            found.append(profile)
    return found


def bimatrix_scenario(a, b):
    """A scenario whose normal-form game has payoffs ``a`` and ``b``: one option per cell."""
    m, n = a.shape
    cells = [f"c{i}_{j}" for i in range(m) for j in range(n)]

    def utility(matrix):
        values = {f"c{i}_{j}": float(matrix[i, j]) for i in range(m) for j in range(n)}
        return {"cell": {"weight": 1, "values": values}}

    return negsim.from_data(
        {
            "negsim": 1,
            "name": "bimatrix",
            "issues": {"cell": {"kind": "categorical", "options": cells}},
            "parties": {
                "row": {"utility": utility(a), "no_deal": -100},
                "col": {"utility": utility(b), "no_deal": -100},
            },
            "games": {
                "g": {
                    "kind": "normal_form",
                    "players": {
                        "row": [f"r{i}" for i in range(m)],
                        "col": [f"k{j}" for j in range(n)],
                    },
                    "outcomes": [
                        {"when": {"row": f"r{i}", "col": f"k{j}"}, "outcome": {"cell": f"c{i}_{j}"}}
                        for i in range(m)
                        for j in range(n)
                    ],
                }
            },
        }
    )
