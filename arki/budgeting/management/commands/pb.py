"""``arki pb``: count pabulib files and convert them, from the command line.

A thin wrapper: argument parsing and printing only; the work is done by
:mod:`arki.voting.cli`, which needs no Django.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arki.voting import cli
from arki.voting.pabulib import MAX_NUMBER, PabulibError
from arki.voting.rules.options import COMPLETIONS, ENDOWMENTS, GREEDY_ORDERS, RULES, TIES, UTILITIES


def _count(text: str) -> int:
    """A whole number from 0 to MAX_NUMBER (argparse turns the ValueError into a clean
    usage error naming the option, not a traceback)."""
    if not text.strip().isdigit() or len(text.strip()) > 16 or int(text) > MAX_NUMBER:
        raise ValueError(text)
    return int(text)


_count.__name__ = f"whole number from 0 to {MAX_NUMBER}"


class Command(BaseCommand):
    help = "Count a pabulib .pb file (tally) or convert it to CSV/XLSX (convert)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        tally = actions.add_parser("tally", help="count the votes of a .pb file")
        tally.add_argument("file")
        tally.add_argument("--rule", choices=RULES, default="mes")
        tally.add_argument("--completion", choices=COMPLETIONS, default="add1")
        tally.add_argument(
            "--utility",
            choices=UTILITIES,
            default=None,
            help="default: cost for approval ballots, points for the others",
        )
        tally.add_argument("--greedy-order", choices=GREEDY_ORDERS, default="support")
        tally.add_argument("--endowment", choices=ENDOWMENTS, default="exact")
        tally.add_argument("--ties", choices=TIES, default="id")
        tally.add_argument(
            "--seed", type=_count, default=0, help="seed of the lot (cost-votes-lot)"
        )
        tally.add_argument(
            "--min-support", type=_count, default=None, help="greedy: vote/points threshold"
        )
        tally.add_argument(
            "--no-skip",
            action="store_true",
            help="greedy: stop at the first project that does not fit",
        )
        tally.add_argument(
            "--no-greedy-after-add1",
            action="store_true",
            help="keep the Add1 outcome without the final greedy step",
        )
        tally.add_argument("--format", choices=("table", "json"), default="table")

        convert = actions.add_parser(
            "convert",
            help="write a .pb file as CSV or XLSX, or a budgeting round of Arki as a .pb file",
        )
        convert.add_argument("file", nargs="?", help="the .pb file (not with --round)")
        convert.add_argument("--round", type=int, help="id of an Arki budgeting round")
        convert.add_argument("--to", choices=("csv", "xlsx", "pb"), required=True)
        convert.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "tally":
                self._tally(options)
            elif options["round"] is not None:
                self._round_to_pb(options)
            else:
                if not options["file"] or options["to"] == "pb":
                    raise CommandError("Give a .pb file and --to csv or --to xlsx.")
                for path in cli.convert(options["file"], options["to"], options["output"]):
                    self.stdout.write(f"wrote {path}")
        except (OSError, PabulibError, ValueError, OverflowError) as exc:
            raise CommandError(str(exc)) from exc

    def _round_to_pb(self, options: dict[str, Any]) -> None:
        from arki.budgeting.models import BudgetRound
        from arki.budgeting.pabulib_export import pabulib_text
        from arki.budgeting.selectors import round_totals

        if options["to"] != "pb" or options["file"]:
            raise CommandError("With --round, give --to pb and no input file.")
        round_ = BudgetRound.objects.filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"No budgeting round with id {options['round']}.")
        text = pabulib_text(round_, round_totals(round_).items)
        with open(options["output"], "w", encoding="utf-8") as stream:
            stream.write(text)
        self.stdout.write(f"wrote {options['output']}")

    def _tally(self, options: dict[str, Any]) -> None:
        result = cli.tally(
            options["file"],
            rule=options["rule"],
            completion=options["completion"],
            utility=options["utility"],
            greedy_order=options["greedy_order"],
            endowment=options["endowment"],
            ties=options["ties"],
            seed=options["seed"],
            min_support=options["min_support"],
            greedy_skip=not options["no_skip"],
            greedy_after_add1=not options["no_greedy_after_add1"],
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(cli.format_table(result), ending="")
