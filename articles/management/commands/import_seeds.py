from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Import a bundle of plain-text files (the importer issue builds this)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*")

    def handle(self, *args, **options):
        self.stdout.write("import_seeds: the importer is not built yet; nothing imported.")
