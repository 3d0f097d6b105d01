"""The Saleor side: what the engine's Integration asks of the shop, answered from Saleor's data.

With plugin.py, these are the only modules that import saleor. They run in Celery workers and in
the plugin's HTTP views, never in a hook. The engine's tables keep Saleor's ids only, so nothing
here is a foreign key.
"""
