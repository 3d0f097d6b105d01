"""The step-mail engine: plain Django, no Saleor import (its words: saleor_stepmail/vocabulary)."""
