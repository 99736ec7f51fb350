"""Names of a package imported on first use (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names load on first use.

    Parameters
    ----------
    package
        The package's dotted name.
    exports
        Exported name -> the module (dotted name) that defines it.
    namespace
        The package's ``globals()``; a loaded name is cached there, and its
        ``__all__`` is listed by ``__dir__``.

    Examples
    --------
    >>> from negsim._lazy import lazy_exports
    >>> namespace = {"__all__": ["sqrt"]}
    >>> getattr_, dir_ = lazy_exports("negsim", {"sqrt": "math"}, namespace)
    >>> getattr_("sqrt")(9.0), "sqrt" in namespace
    (3.0, True)
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'negsim' has no attribute 'nothing'
    """

    def __getattr__(name: str) -> Any:
        if name in exports:
            module = importlib.import_module(exports[name])
            # a submodule exported by name loads as itself
            value = module if module.__name__.endswith(f".{name}") else getattr(module, name)
        else:
            # any submodule, as when every module was imported eagerly
            try:
                value = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        # the public names and the submodules loaded so far, not the package's own imports
        loaded = {
            name
            for name, value in namespace.items()
            if getattr(value, "__name__", "") == f"{package}.{name}"
        }
        return sorted({*namespace["__all__"], *loaded})

    return __getattr__, __dir__
