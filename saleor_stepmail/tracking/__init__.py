"""What happens after a mail leaves: clicks, opens, unsubscribes and the provider's events.

tokens.py signs the links, links.py puts them into mail, views.py answers them, receivers.py
takes anymail's tracking events, optout.py is the one way an address leaves all step mail.
"""
