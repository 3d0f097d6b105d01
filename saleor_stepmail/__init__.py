"""Step mail for Saleor: scheduled follow-up sequences that stop the moment the customer acts."""
