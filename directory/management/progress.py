"""Progress bars for management commands: shown on a terminal, silent in pipes and CI."""

import sys
from collections.abc import Callable, Iterable

from tqdm import tqdm


def progress_bar(description: str, *, total: int | None = None) -> Callable[[Iterable], Iterable]:
    def wrap(items: Iterable) -> Iterable:
        size = total
        if size is None and hasattr(items, "__len__"):
            size = len(items)  # type: ignore[arg-type]
        return tqdm(
            items,
            desc=description,
            total=size,
            unit="",
            disable=not sys.stderr.isatty(),
            leave=False,
        )

    return wrap
