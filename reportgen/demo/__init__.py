"""What serves demos, tests and benchmarks, not the pipeline itself.

:mod:`.samples` fills plausible unit workbooks (optionally with planted mistakes),
:mod:`.synthetic` builds a large made-up dataset for render benchmarks, and :mod:`.scenario`
runs the whole job on a bundled review (``reportgen demo``). Nothing in the pipeline imports
this package; it sits above every stage.
"""
