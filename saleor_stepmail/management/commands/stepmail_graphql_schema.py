"""Write the GraphQL schema to saleor_stepmail/graphql/schema.graphql (or print it)."""

from django.core.management.base import BaseCommand

from ...graphql.schema import schema_export, schema_sdl


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        # Not stored as "stdout": Django's execute() takes that option as the output stream.
        parser.add_argument(
            "--stdout", action="store_true", dest="print_sdl", help="print instead of writing"
        )

    def handle(self, *args, print_sdl: bool = False, **options):
        if print_sdl:
            self.stdout.write(schema_sdl(), ending="")
        else:
            self.stdout.write(f"wrote {schema_export()}")
