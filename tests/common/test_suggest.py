"""negsim.common.suggest: the "did you mean" hint."""

from negsim.common.suggest import did_you_mean


def test_the_closest_name_is_suggested():
    assert did_you_mean("alpah", ["alpha", "beta"]) == "; did you mean 'alpha'?"


def test_nothing_close_gives_nothing():
    assert did_you_mean("zzz", ["alpha", "beta"]) == ""
    assert did_you_mean("alpha", []) == ""


def test_any_iterable_of_names_mapping_keys_included():
    assert did_you_mean("dejure", {"de_jure": 1, "de_facto": 2}) == "; did you mean 'de_jure'?"
    assert did_you_mean("bet", (n for n in ["beta"])) == "; did you mean 'beta'?"
