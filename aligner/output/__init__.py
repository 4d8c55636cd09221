"""Stage 4, output: a stream of ``Pair`` in, files out. Writers are registered by name in
``formats`` and imported lazily; every file goes through ``io``'s atomic writes."""
