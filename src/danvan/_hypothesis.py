"""Hypothesis' entry point: make ``st.from_type(danvan.Quantity)`` draw from `danvan.strategies`.

pyproject.toml declares ``[project.entry-points.hypothesis] _ =
"danvan._hypothesis:_hypothesis_setup_hook"``, so ``import hypothesis`` calls the hook in
every environment where danvan is installed. Two rules follow:

* Importing this module does nothing (it imports only what Python already has loaded).
* The hook never raises: an exception here would break ``import hypothesis`` for every
  project in the environment, whether it uses danvan or not.

The hook registers a *function* per type rather than a strategy, so that
`danvan.strategies` is imported only when a test first asks for a danvan type:
Hypothesis evaluates a registered strategy at once, a function only when it is used.
Only types danvan owns are registered; pendulum's dates are left to pendulum.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: importing hypothesis here would be work at import
    from hypothesis.strategies import SearchStrategy

# Public type name -> strategy function of danvan.strategies that draws it.
_STRATEGIES = {
    "Bounds": "bounds",
    "Campaign": "campaigns",
    "Catalogue": "catalogues",
    "CharityDrive": "charity_drives",
    "CommunityModel": "community_models",
    "Dataset": "datasets",
    "Document": "documents",
    "Exemplar": "exemplars",
    "Gazetteer": "gazetteers",
    "LifecycleEvent": "lifecycle_events",
    "Metric": "metrics",
    "Observation": "observations",
    "Organisation": "organisations",
    "Period": "periods",
    "Place": "places",
    "Quantity": "quantities",
    "Ratio": "ratios",
    "Recognition": "recognitions",
    "Source": "sources",
    "Target": "targets",
    "Unit": "units",
    "Vocabulary": "vocabularies",
}


def _resolver(function_name: str) -> Callable[[type], SearchStrategy[Any]]:
    """A function that Hypothesis calls with the type asked for, when it is asked for."""

    def resolve(_: type) -> SearchStrategy[Any]:
        strategies = importlib.import_module("danvan.strategies")
        strategy: SearchStrategy[Any] = getattr(strategies, function_name)()
        return strategy

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public danvan type; never raise.

    Hypothesis calls this when it is imported. Each type is registered on its own, so
    one failure leaves the others registered.
    """
    try:
        from hypothesis import strategies as st

        import danvan
    except Exception:  # whatever it is, `import hypothesis` must still work
        return
    for type_name, function_name in _STRATEGIES.items():
        try:
            st.register_type_strategy(getattr(danvan, type_name), _resolver(function_name))
        except Exception:  # one failure must not stop the others
            continue
