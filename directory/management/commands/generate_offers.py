from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.demo import offers_generate
from directory.management.progress import progress_bar


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Bulk-create N synthetic published offers for benchmarks (deterministic per seed)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=positive_int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=positive_int, default=1000)

    def handle(self, *args, count: int, seed: int, batch_size: int, **options):
        if count > 1_000_000:
            raise CommandError(_("At most 1,000,000 offers can be generated at once."))
        created = offers_generate(
            count=count,
            seed=seed,
            batch_size=batch_size,
            progress=progress_bar(_("Synthetic offers"), total=count),
        )
        self.stdout.write(self.style.SUCCESS(_("%(count)s offers generated.") % {"count": created}))
