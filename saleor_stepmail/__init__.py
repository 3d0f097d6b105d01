"""Step mail for Saleor: scheduled follow-up sequences that stop the moment the customer acts."""

__version__ = "0.1.0"
