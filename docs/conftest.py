"""pytest settings for the documentation: the ``.md`` pages' examples run as doctests.

``conf.py`` is Sphinx configuration, not a module with doctests (and imports Sphinx,
which the test environment need not have); ``_build`` holds generated output.
"""

collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*"]
