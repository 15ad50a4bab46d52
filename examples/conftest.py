"""Register danvan's Hypothesis strategies when the examples run from an uninstalled checkout.

Installed, danvan registers them through Hypothesis' entry point; this makes
``pytest examples/`` work without installing too.
"""

from danvan._hypothesis import _hypothesis_setup_hook

_hypothesis_setup_hook()
