"""How the reports name a summit's leaders: one wording for every output."""

from __future__ import annotations

from summitlib.model import Summit

__all__ = ["leader_names", "owned_goal", "possessive"]


def leader_names(summit: Summit) -> dict[str, str]:
    """Map each leader's id to the name reports show (:attr:`Leader.display_name`)."""
    return {leader.id: leader.display_name for leader in summit.leaders}


def possessive(name: str) -> str:
    """*name* as an owner: "Putin's", "Bush'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def owned_goal(name: str, title: str) -> str:
    """A goal for a reader, by its leader's name and its title: ``Putin's “Sanctions relief”``."""
    return f"{possessive(name)} “{title}”"
