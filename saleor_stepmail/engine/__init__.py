"""The step-mail engine: plain Django, no Saleor import. See engine/vocabulary.py for its words."""
