import pytest

from negsim.common.memory import (
    available_memory,
    explicit_memory_limit,
    parse_size,
    size_text,
    using_memory_limit,
)

SIZES = {
    "2G": 2 * 2**30,
    "500M": 500 * 2**20,
    "500m": 500 * 2**20,
    "1.5GiB": 3 * 2**29,
    "64K": 64 * 1024,
    "1T": 2**40,
    "4096": 4096,
    " 3 G ": 3 * 2**30,
}


@pytest.mark.parametrize(("text", "size"), SIZES.items())
def test_sizes_are_read_in_binary_units(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "G", "2X", "-1G", "1e9", "２G", "inf", "nan", "1" * 50])
def test_what_is_not_a_size_is_refused(text):
    with pytest.raises(ValueError, match="expected a size"):
        parse_size(text)


def test_sizes_are_written_with_a_unit():
    assert size_text(6 * 2**30) == "6.0 GiB"
    assert size_text(2**20) == "1.0 MiB"
    assert size_text(12) == "12 bytes"


def test_the_memory_available_is_known_on_this_system():
    available = available_memory()
    assert available is None or available > 0


def test_an_explicit_limit_holds_within_its_block_only():
    assert explicit_memory_limit() is None
    with using_memory_limit(2**30):
        assert explicit_memory_limit() == 2**30
    assert explicit_memory_limit() is None
