"""What comes back after a message leaves, over HTTP: clicks, opens, unsubscribes, LINE's
webhook and the provider's events. The links and tokens they read are the engine's
(engine/links.py, engine/tokens.py); an address leaves all step mail through engine/optout.py.
"""
