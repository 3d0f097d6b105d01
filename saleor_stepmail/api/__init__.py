"""Writes the plugin's API makes: plain functions that validate everything, then write in one
transaction. The GraphQL layer (saleor_stepmail/graphql/) only maps their errors."""
