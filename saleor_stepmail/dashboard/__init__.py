"""The operator page at /plugins/stepmail/dashboard/: plain ES modules talking to the plugin's
GraphQL API with a Saleor staff token; its files are served from the package (assets.py)."""
