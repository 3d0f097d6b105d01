"""The plugin's GraphQL API (graphene 2), served at /plugins/stepmail/graphql/."""
