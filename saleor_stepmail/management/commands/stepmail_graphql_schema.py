"""Write the GraphQL schema to saleor_stepmail/graphql/schema.graphql (or print it)."""

from django.core.management.base import BaseCommand

from ...graphql.schema import schema_export, schema_sdl


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--stdout", action="store_true", help="print instead of writing")

    def handle(self, *args, stdout: bool = False, **options):
        if stdout:
            self.stdout.write(schema_sdl(), ending="")
        else:
            self.stdout.write(f"wrote {schema_export()}")
