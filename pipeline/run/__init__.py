"""The run: extract, build and check over every page, with the cache, the replay and the worker pool."""
