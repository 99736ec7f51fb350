"""Small scenarios with known zones, conflicts and corrections, shared by the zone's tests."""

from __future__ import annotations


def red_line(rid: str, rule: str) -> dict:
    return {"id": rid, "rule": rule, "says": rid, "source": "test"}


def territory(red_lines: list[dict] | None = None, p: float = 0.625) -> dict:
    """Fearon's bargaining range on a territory split in eighths.

    A holds share ``x``; war gives A ``p - c_A`` and B ``1 - p - c_B``, so the
    range of peaceful splits is ``[p - c_A, p + c_B]`` (Fearon 1995).
    """
    options = [f"s{i}" for i in range(9)]
    return {
        "negsim": 1,
        "name": "territory",
        "issues": {"control": {"kind": "ordinal", "options": options}},
        "parties": {
            "a": {
                "utility": {
                    "control": {"weight": 1, "values": {o: i / 8 for i, o in enumerate(options)}}
                },
                "no_deal": {
                    "war": {
                        "cost": 0.125,
                        "lottery": [{"p": p, "utility": 1}, {"p": 1 - p, "utility": 0}],
                    }
                },
            },
            "b": {
                "utility": {
                    "control": {
                        "weight": 1,
                        "values": {o: 1 - i / 8 for i, o in enumerate(options)},
                    }
                },
                "no_deal": 1 - p - 0.125,
                "red_lines": red_lines or [],
            },
        },
    }


def three_way() -> dict:
    """Every pair of parties shares an acceptable outcome; the three together do not."""
    values = {"north": 0, "centre": 0, "south": 0}

    def party(allowed: str) -> dict:
        return {
            "utility": {"capital": {"weight": 1, "values": values}},
            "no_deal": -1,
            "red_lines": [
                {"id": "seat", "rule": f"capital in {{{allowed}}}", "says": "s", "source": "t"}
            ],
        }

    return {
        "negsim": 1,
        "name": "three",
        "issues": {"capital": {"kind": "categorical", "options": list(values)}},
        "parties": {
            "x": party("north, centre"),
            "y": party("centre, south"),
            "z": party("north, south"),
        },
    }


def land_for_peace() -> dict:
    """Two red lines that collide head on, and a third party that is easy to please."""
    regions = ["donetsk", "luhansk", "kherson", "zaporizhzhia"]
    return {
        "negsim": 1,
        "name": "land for peace",
        "issues": {
            "ceded": {"kind": "subset", "items": regions},
            "guarantee": {"kind": "boolean"},
        },
        "parties": {
            "ukraine": {
                "utility": {
                    "ceded": {"weight": 1, "values": dict.fromkeys(regions, -0.2)},
                    "guarantee": {"weight": 1, "values": {"true": 0.5, "false": 0}},
                },
                "no_deal": -1,
                "red_lines": [red_line("not-an-inch", "ceded == {}")],
            },
            "russia": {
                "utility": {"ceded": {"weight": 1, "values": dict.fromkeys(regions, 0.25)}},
                "no_deal": 0,
                "red_lines": [red_line("four-regions", "ceded == {" + ", ".join(regions) + "}")],
            },
            "us": {
                "utility": {"guarantee": {"weight": 1, "values": {"true": 0, "false": 1}}},
                "no_deal": -1,
            },
        },
    }


def buyer_seller(buyer_max: float, seller_min: float, *, grid: int = 11, rules=()) -> dict:
    """One price in [0, 100]: the buyer gains below its limit, the seller above its floor."""
    return {
        "negsim": 1,
        "name": "sale",
        "issues": {"price": {"kind": "continuous", "range": [0, 100], "unit": "k", "grid": grid}},
        "parties": {
            "buyer": {
                "utility": {"price": {"weight": 1, "points": [[0, 1], [100, 0]]}},
                "no_deal": 1 - buyer_max / 100,
                "red_lines": list(rules),
            },
            "seller": {
                "utility": {"price": {"weight": 1, "points": [[0, 0], [100, 1]]}},
                "no_deal": seller_min / 100,
            },
        },
    }
