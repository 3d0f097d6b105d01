"""The operator page at /plugins/stepmail/dashboard/: a React app built from frontend/ into
static/saleor_stepmail/dashboard/, served from the package (assets.py), talking to the plugin's
GraphQL API with a Saleor staff token."""
