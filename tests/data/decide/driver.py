"""Run decide-exchange-model's equal-gain model and print what it did as JSON.

Runs inside the reference's own virtual environment (benchmarks/decide_env.sh), started by
tests/test_decide_reference.py as a subprocess; it imports nothing from summitlib.

    python driver.py csv FILE.csv ROUNDS     # a decide input file, read by decide's own reader
    python driver.py json ROUNDS < IN.json   # [{"actors": [[id, name]], "issues": [name],
                                             #   "stances": [[actor, issue, x, s, c]]}, ...]
                                             # numbers as strings so they reach Decimal exactly

Output: {"rounds": [{"nbs_before", "candidates", "exchanges", "nbs_after", "positions_next"}]}
per input (a list of them in json mode), every number as a string (the reference computes in
Decimal).

The reference breaks exact ties between equal gains at random (EqualGainModel.ALLOW_RANDOM);
we switch that off, so a tie goes to the exchange that comes first in its (stably) sorted list.
"""

import json
from decimal import Decimal
import random
import sys

from decide.data.modelfactory import ModelFactory
from decide.data.reader import InputDataFile
from decide.model.equalgain import EqualGainModel
from decide.model.utils import ModelLoop


class Recorder:
    """The event handler ModelLoop calls; keeps what the test compares."""

    def __init__(self, model):
        self.model = model
        self.rounds = []
        self.current = None

    def before_loop(self, iteration, repetition):
        self.current = {
            "nbs_before": {i.name: str(v) for i, v in self.model.nbs.items()},
            "candidates": len(self.model.exchanges),
        }

    def removed_exchanges(self, removed):
        pass

    def execute_exchange(self, exchange):
        pass

    def after_loop(self, realized, iteration, repetition):
        self.current["exchanges"] = [
            {
                "gain": str(e.gain),
                "i": side(e.i),
                "j": side(e.j),
            }
            for e in realized
        ]
        self.realized = realized

    def end_loop(self, iteration, repetition):
        self.current["nbs_after"] = {i.name: str(v) for i, v in self.model.nbs.items()}
        self.rounds.append(self.current)


def side(actor):
    return {
        "actor": actor.actor.actor_id,
        "supply": actor.supply.issue.name,
        "demand": actor.demand.issue.name,
        "start": str(actor.start_position),
        "x": str(actor.supply.position),
        "move": str(actor.move),
        "y": str(actor.y),
    }


def positions(model):
    return {
        issue.name: {a.actor_id: str(ai.position) for a, ai in actor_issues.items()}
        for issue, actor_issues in model.actor_issues.items()
    }


def model_from_json(spec):
    model = EqualGainModel()
    for actor_id, name in spec["actors"]:
        model.add_actor(actor_name=name, actor_id=actor_id)
    for name in spec["issues"]:
        issue = model.add_issue(name)
        # as ModelFactory does with the #M rows 0 and 100 of a file
        issue.lower, issue.upper = Decimal("0"), Decimal("100")
        issue.calculate_delta()
        issue.calculate_step_size()
    for actor, issue, x, s, c in spec["stances"]:
        # typesystem hands decide Decimals made from the text of the file
        model.add_actor_issue(
            actor, issue, position=Decimal(x), salience=Decimal(s), power=Decimal(c)
        )
    return model


def run(model, rounds):
    recorder = Recorder(model)
    loop = ModelLoop(model, recorder, 0)
    for _ in range(rounds):
        loop.loop()
        recorder.rounds[-1]["positions_next"] = positions(model)
    return {"rounds": recorder.rounds}


def main(argv):
    random.seed(0)
    EqualGainModel.ALLOW_RANDOM = False
    if argv[1] == "csv":
        factory = ModelFactory(InputDataFile.open(argv[2]))
        output = run(factory(model_klass=EqualGainModel), int(argv[3]))
    else:
        rounds = int(argv[2])
        output = [run(model_from_json(spec), rounds) for spec in json.load(sys.stdin)]
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
