"""The rules JSON Schema cannot express, each written once.

Two kinds of rule run on every document:

* the graph rules, read from the field declarations (see ``_graph.py``): identities are
  unique (among all records of a class, or among siblings), and every reference
  resolves to a record of the class it names;
* the record rules registered below with :func:`~summitlib._graph.rule`: dates in
  order, topic codes that exist, and so on.

A valid document (the common case) is judged on the records the fast structuring path
collected while building them (:func:`follows_rules`), with set operations and no
paths; only a document that breaks a rule, or whose shape is wrong, is walked as plain
data to report every problem with its path (:func:`rule_problems`). Both run the same
declarations and the same rule functions.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from summitlib import _graph, model
from summitlib._graph import Context, Kind, Node, View, rule, rule_condition, rules_for
from summitlib._paths import key_path
from summitlib._versions import is_newer
from summitlib.taxonomy import topic_problem

if TYPE_CHECKING:
    from summitlib._convert import Nodes

__all__ = [
    "MAX_RULE_PROBLEMS",
    "collected_classes",
    "follows_rules",
    "rule_problems",
    "rules_hold",
]

#: Rule problems reported before checking stops: a document citing an unknown source
#: millions of times costs bounded time and memory.
MAX_RULE_PROBLEMS: Final = 100

RawProblem = tuple[str, str, str]


# -- record rules ---------------------------------------------------------------------


@rule(model.Summit, when=("end_date",))
def _dates_in_order(summit: Any, _: Context) -> Iterator[tuple[str | None, str, str]]:
    start, end = summit.start_date, summit.end_date
    if end is not None and end.bounds()[1] < start.bounds()[0]:
        yield "end_date", "date-order", f"'end_date' {end} is before 'start_date' {start}"


#: Topics recur across areas and documents; the scheme tables never change.
_topic_problem = functools.lru_cache(maxsize=1024)(topic_problem)


@rule(model.FocusArea, when=("topic",))
def _topic_exists(area: Any, _: Context) -> Iterator[tuple[str | None, str, str]]:
    if area.topic is not None:
        message = _topic_problem(area.topic)
        if message is not None:
            yield "topic", "topic", message


@rule(model.Leader)
def _leader_represents_someone(leader: Any, _: Context) -> Iterator[tuple[str | None, str, str]]:
    if leader.country is None and leader.organization is None:
        yield (
            None,
            "party",
            f"leader {leader.id!r} needs a 'country' or an 'organization' they speak for",
        )


@rule(model.Citation, when=("page",))
def _page_within_source(citation: Any, context: Context) -> Iterator[tuple[str | None, str, str]]:
    if citation.page is None:
        return
    source = context.lookup("Source", citation.source)
    if source is None:
        return  # the reference rule reports it
    try:
        pages = source.pages
    except _graph.Unknown:
        return
    if pages is not None and citation.page > pages:
        yield (
            "page",
            "page",
            f"page {citation.page} is past the end of source {citation.source!r} ({pages} pages)",
        )


def _within_summit(date: model.PartialDate, context: Context) -> bool:
    start = context.root.start_date
    end = context.root.end_date or start
    return bool(date.bounds()[1] >= start.bounds()[0] and date.bounds()[0] <= end.bounds()[1])


def _unplaceable(
    area_id: str, key: str, what: str, context: Context
) -> Iterator[tuple[str | None, str, str]]:
    """A ``scale`` problem at ``key`` when the focus area has no scale to place ``what`` on."""
    area = context.lookup("FocusArea", area_id)
    # An unknown area is the reference rule's problem, not this one's.
    if area is not None and area.scale is None:
        yield (
            key,
            "scale",
            f"focus area {area_id!r} has no scale, so a {what} cannot be placed on it",
        )


@rule(model.Goal, when=("bottom_line", "positions"))
def _goal_positions(goal: Any, context: Context) -> Iterator[tuple[str | None, str, str]]:
    if goal.bottom_line is not None:
        yield from _unplaceable(goal.focus_area, "bottom_line", "bottom line", context)
    elif goal.positions:
        yield from _unplaceable(goal.focus_area, "positions", "position", context)


@rule(model.Position, when=("date",))
def _final_within_summit(position: Any, context: Context) -> Iterator[tuple[str | None, str, str]]:
    final = position.stage is model.Stage.FINAL and position.date is not None
    if final and not _within_summit(position.date, context):
        yield (
            "date",
            "date-range",
            f"the final position's date {position.date} is outside the summit's dates",
        )


@rule(model.Settlement, when=("position",))
def _settled_on_a_scale(settlement: Any, context: Context) -> Iterator[tuple[str | None, str, str]]:
    if settlement.position is not None:
        yield from _unplaceable(settlement.focus_area, "position", "settled position", context)


# -- the engine -----------------------------------------------------------------------


@functools.cache
def collected_classes() -> tuple[type, ...]:
    """The classes whose records the fast path collects: those the rules look at."""
    return tuple(
        cls
        for cls, kind in _graph.kinds().items()
        if kind.scope == "document" or kind.references or rules_for(cls)
    )


def _newer_fields(kind: Kind, version: str) -> tuple[_graph.FieldInfo, ...]:
    if kind.cls in _graph.kinds():
        return _newer_fields_of(kind.cls, version)
    # A record kind outside the model's own graph (a subclassed root): not cached.
    return tuple(f for f in kind.fields if is_newer(f.spec.since, version))


@functools.cache
def _newer_fields_of(cls: type, version: str) -> tuple[_graph.FieldInfo, ...]:
    # Cached: asked once per record of a document with a problem.
    return tuple(info for info in _graph.kinds()[cls].fields if is_newer(info.spec.since, version))


def _uses_newer_fields(summit: model.Summit) -> bool:
    """Tell whether a typed summit sets a field its format version does not have."""
    if summit.schema_version == model.SCHEMA_VERSION:
        return False
    for kind, record in _graph.walk_typed(summit):
        for info in _newer_fields(kind, summit.schema_version):
            if getattr(record, info.name) != info.default:
                return True
    return False


def follows_rules(
    summit: model.Summit, collected: list[list[Any]], version: str | None = None
) -> bool:
    """Tell whether a summit built on the fast path breaks none of the rules.

    *collected* holds the records of each of :func:`collected_classes`, as the fast
    path appended them. *version* is the document's, when the fast path was given it:
    it then gave up on any field newer than that, and the rules about those fields
    need not run.
    """
    if version is None and _uses_newer_fields(summit):
        return False
    return _make_rule_check(version)(summit, collected)


#: (summit, collected records) -> whether the graph and record rules all hold.
RuleCheck = Callable[[model.Summit, list[list[Any]]], bool]


@functools.cache
def _make_rule_check(version: str | None = None) -> RuleCheck:
    """Generate the quick rule check from the declarations, once, on first use.

    Set operations over the collected records, with C-level attribute getters: the
    rules cost next to nothing next to structuring. The same declarations drive
    :func:`rule_problems`, which says where each problem is. With a *version*, for
    records that hold no field newer than it: references and rules through such
    fields are left out.
    """
    classes = collected_classes()
    slot = {cls: index for index, cls in enumerate(classes)}
    env: dict[str, Any] = {
        "_chain": itertools.chain.from_iterable,
        "_Context": Context,
        "_empty": frozenset(),
    }
    lines = ["def _rules_ok(summit, c):"]
    documented: list[tuple[str, str, int]] = []
    targets = {ref.refers_to for kind in _graph.kinds().values() for ref in kind.references}
    for cls in classes:
        kind = _graph.kinds()[cls]
        if kind.scope == "document":
            assert kind.identity is not None
            name = cls.__name__
            env[f"_id_{name}"] = operator.attrgetter(kind.identity.name)
            records = f"c[{slot[cls]}]"
            if name in targets:
                lines.append(f"  ids_{name} = set(map(_id_{name}, {records}))")
                lines.append(f"  if len(ids_{name}) != len({records}): return False")
            else:  # only unique: one record (the root, say) is
                lines.append(
                    f"  if len({records}) > 1 and "
                    f"len(set(map(_id_{name}, {records}))) != len({records}): return False"
                )
            documented.append((name, kind.identity.name, slot[cls]))
    known = {name for name, _, _ in documented if name in targets}
    for cls in classes:
        for ref in _graph.kinds()[cls].references:
            if version is not None and is_newer(ref.spec.since, version):
                continue  # the field holds its default: no reference
            target = ref.refers_to or ""
            ids = f"ids_{target}" if target in known else "_empty"
            getter = f"_ref_{cls.__name__}_{ref.name}"
            env[getter] = operator.attrgetter(ref.name)
            records = f"map({getter}, c[{slot[cls]}])"
            # Many classes have no records in a small document: one test passes them.
            if ref.many:
                lines.append(
                    f"  if c[{slot[cls]}] and not {ids}.issuperset(_chain({records})): return False"
                )
            elif ref.optional:
                lines.append(f"  if c[{slot[cls]}]:")
                lines.append(f"    s = set({records})")
                lines.append("    s.discard(None)")
                lines.append(f"    if not {ids}.issuperset(s): return False")
            else:
                lines.append(
                    f"  if c[{slot[cls]}] and not {ids}.issuperset({records}): return False"
                )
    env["_documented"] = tuple(documented)
    env["_index"] = _index
    lines.append("  context = _Context(summit, lambda: _index(c, _documented))")
    lines += _record_rule_lines(slot, env, "  ", version)
    lines.append("  return True")
    exec(compile("\n".join(lines), "<summitlib rule check>", "exec"), env)
    function: RuleCheck = env["_rules_ok"]
    return function


_is_set = functools.partial(operator.is_not, None)
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


def rules_hold(nodes: Nodes, *, versioned: bool = False) -> bool:
    """Tell, from the records the collecting pass met, that the rules find no problem.

    What :func:`~summitlib._rules.rule_problems` would conclude on the same plain data,
    without walking it again: the same records (every dict read as a record), the same
    well-formed values (a value passed its check or not), each record rule run on the
    typed record where it was built and on a view of its dict where it was not. A
    record whose only problems are in scalars (its own fields, the items of its lists
    of scalars, or those of records below it, themselves stand-ins) comes as a
    stand-in: a wrong scalar is None, a list of scalars keeps the items that are
    right. Where the walk cannot read a value, the stand-in has none either, and every
    other value is the same. Only "no problem" is trusted; anything else (a rule that
    fails on a stand-in's None included), or a record the pass could not read (the
    walk then judges no reference to its kind), sends the document to the full walk,
    which says where each problem is. *versioned*: the pass was told the document's
    format version, and so marked any field newer than it that a record sets.
    """
    if nodes[-1]:
        return False
    version = _version_of(nodes)
    if not versioned and not _no_newer_fields(nodes, version):
        return False
    table = _graph.kinds()
    # Per class: the records built, and the dicts of those that were not (few).
    records = [list(map(_second, found)) for found in nodes[:-1]]
    # By identity: `None in found` would call each record's __eq__.
    if any(any(map(operator.is_, found, itertools.repeat(None))) for found in records):
        built = [[record for record in found if record is not None] for found in records]
        unbuilt = [[item for item, record in found if record is None] for found in nodes[:-1]]
    else:  # every record built (a record wrong only in scalars comes as a stand-in)
        # The fast path's own check, on the records as the collecting pass built them:
        # a stand-in's None is no id and matches no reference, so it can only say no.
        # (No record sets a field newer than the version: the check made for it holds.)
        collected = [records[index] for index in _collected_indexes()]
        try:
            return _make_rule_check(version)(nodes[0][-1][1], collected)
        except Exception:  # a stand-in's None where a rule expects a value
            return False
    ids: dict[str, set[Any]] = {}
    for number, cls in enumerate(_graph.model_classes()):
        kind = table[cls]
        identity = kind.identity
        if identity is not None and kind.scope == "document":
            values = list(map(operator.attrgetter(identity.name), built[number]))
            values += [v for item in unbuilt[number] for v in _good_values(identity, item, None)]
            ids[cls.__name__] = seen = set(values)
            if len(seen) != len(values):
                return False
        # Ids unique among siblings. A record built was checked where it was built: the
        # fast functions give up on siblings sharing an id, the collecting ones mark them
        # in nodes[-1].
        for sibling, fields in _graph.sibling_groups(cls):
            scope = sibling.identity
            assert scope is not None
            for item in unbuilt[number]:
                values = [
                    value
                    for info in fields
                    for child in _child_items(info, item)
                    for value in _good_values(scope, child, None)
                ]
                if len(set(values)) != len(values):
                    return False
    for number, cls in enumerate(_graph.model_classes()):
        for ref in table[cls].references:
            known = ids.get(ref.refers_to or "", set())
            typed = map(operator.attrgetter(ref.name), built[number])
            # No set built: each value looked up in passing (a stand-in's None left out).
            found = filter(_is_set, itertools.chain.from_iterable(typed) if ref.many else typed)
            if not known.issuperset(found):
                return False
            good = (v for item in unbuilt[number] for v in _good_values(ref, item, None))
            if not known.issuperset(good):
                return False
    root_item, root_record = nodes[0][-1]

    def index() -> dict[tuple[str, str], Any]:
        out: dict[tuple[str, str], Any] = {}
        for number, cls in enumerate(_graph.model_classes()):
            kind = table[cls]
            if kind.identity is not None and kind.scope == "document":
                for item, record in nodes[number]:
                    subject = record if record is not None else _graph.View(kind, item)
                    for value in _good_values(kind.identity, item, record):
                        out.setdefault((cls.__name__, value), subject)
        return out

    root = root_record if root_record is not None else _graph.View(table[model.Summit], root_item)
    context = _graph.Context(root, index)
    for number, cls in enumerate(_graph.model_classes()):
        checks = [(check, _graph.rule_applies(cls, check)) for check in _graph.rules_for(cls)]
        for item, record in nodes[number] if checks else ():
            subject = record if record is not None else _graph.View(table[cls], item)
            for check, applies in checks:
                if applies is not None and record is not None and not applies(record):
                    continue
                try:
                    for _ in check(subject, context):
                        return False
                except _graph.Unknown:
                    continue
                except Exception:  # a stand-in's None where a rule expects a value
                    return False
    return True


@functools.cache
def _collected_indexes() -> tuple[int, ...]:
    """Where each of :func:`collected_classes` is among the model classes (in nodes)."""
    index = {cls: n for n, cls in enumerate(_graph.model_classes())}
    return tuple(index[cls] for cls in collected_classes())


@functools.cache
def _newer_keys(cls: type, version: str) -> frozenset[str]:
    return frozenset(info.key for info in _newer_fields_of(cls, version))


def _version_of(nodes: Nodes) -> str | None:
    """The document's format version, if it is one this release reads."""
    version = nodes[0][-1][0].get("schema_version")
    return version if type(version) is str and version in model.SCHEMA_VERSIONS else None


def _no_newer_fields(nodes: Nodes, version: str | None) -> bool:
    """Tell that no record the collecting pass met sets a field newer than the
    document's format *version* (as the rule walk judges: a value that is not null)."""
    if version is not None:
        for number, cls in enumerate(_graph.model_classes()):
            fields = _newer_fields_of(cls, version)
            if not fields or not nodes[number]:
                continue
            items = list(map(_first, nodes[number]))
            # Mostly no record has the key at all: one test per record says so.
            if all(map(_newer_keys(cls, version).isdisjoint, items)):
                continue
            for info in fields:
                got = map(dict.get, items, itertools.repeat(info.key))
                if any(map(operator.is_not, got, itertools.repeat(None))):
                    return False
    return True


def _record_rule_lines(
    indexes: dict[type, int], env: dict[str, Any], indent: str, version: str | None
) -> list[str]:
    """Lines that return False where a record rule finds a problem: each rule of each
    class in *indexes* over the records ``c[index]``, called only where the fields it
    needs are set (``context`` is the rules' context); with a *version*, not a rule
    that needs only fields newer than it."""
    lines = []
    for cls, index in indexes.items():
        for number, check in enumerate(rules_for(cls)):
            name = f"_rule_{cls.__name__}_{number}"
            env[name] = check
            condition = rule_condition(cls, check, "o", version)
            if condition == "False":
                continue
            lines.append(f"{indent}for o in c[{index}]:")
            if condition is None:
                lines.append(f"{indent}  for _ in {name}(o, context): return False")
            else:
                lines.append(f"{indent}  if {condition}:")
                lines.append(f"{indent}    for _ in {name}(o, context): return False")
    return lines


def _good_values(info: _graph.FieldInfo, item: dict[str, Any], record: Any) -> list[Any]:
    """The well-formed values of a string field (each item, for a list) of one record."""
    if record is not None:
        value = getattr(record, info.name)
        return list(value) if info.many else ([] if value is None else [value])
    return [value for _, value in _well_formed(item, info)]


def _child_items(info: _graph.FieldInfo, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The dicts of the records a field of one record's dict holds, as the walk sees them."""
    value = item.get(info.key)
    if value is None:
        return []
    held = list(value) if info.many and type(value) in (list, tuple) else [value]
    return [child for child in held if type(child) is dict]


def _index(
    collected: list[list[Any]], documented: tuple[tuple[str, str, int], ...]
) -> dict[tuple[str, str], Any]:
    """Records by (class name, id), from the collected records: no walk of the summit."""
    out: dict[tuple[str, str], Any] = {}
    for cls_name, identity, slot in documented:
        for o in collected[slot]:
            out.setdefault((cls_name, getattr(o, identity)), o)
    return out


class _Full(Exception):
    """As many rule problems were found as are reported."""


class _Problems:
    def __init__(self) -> None:
        self.items: list[RawProblem] = []

    def add(self, path: str, code: str, message: str) -> None:
        if len(self.items) >= MAX_RULE_PROBLEMS:
            raise _Full
        self.items.append((path, code, message))


def rule_problems(data: Any, root: type | None = None) -> list[RawProblem]:
    """Check every rule on plain data of any shape; return each problem with its path.

    Values of the wrong shape are skipped: the shape check reports them, so that one
    mistake is one problem. At most :data:`MAX_RULE_PROBLEMS` are reported. *root* is
    the root class of the model (see :func:`summitlib._graph.kinds`).
    """
    out = _Problems()
    try:
        _check(data, out, root)
    except _Full:
        path, code, message = out.items[-1]
        out.items[-1] = (
            path,
            code,
            f"{message} (checking the rules stopped here: at most "
            f"{MAX_RULE_PROBLEMS} problems are reported)",
        )
    return out.items


def _well_formed(item: dict[str, Any], info: _graph.FieldInfo) -> Iterator[tuple[int | None, Any]]:
    """(index, value) for the well-formed values of a slug field of a record's dict
    (index None unless a list).

    No paths: they are made (by :func:`_path`) only for the values that are problems.
    """
    value = item.get(info.key)
    if value is None:
        return
    if info.many:
        if type(value) in (list, tuple):
            for index, item in enumerate(value):
                if _graph.string_ok(info.spec, item):
                    yield index, item
    elif _graph.string_ok(info.spec, value):
        yield None, value


def _path(node: Node, info: _graph.FieldInfo, index: int | None) -> str:
    path = key_path(node.path, info.key)
    return path if index is None else f"{path}[{index}]"


def _check(data: Any, out: _Problems, root: type | None) -> None:
    unreadable: set[type] = set()
    nodes = list(_graph.walk(data, unreadable, root))
    ids: dict[str, set[str]] = {}
    index: dict[tuple[str, str], Any] = {}
    siblings: dict[tuple[int, str], set[str]] = {}
    for node in nodes:
        identity = node.kind.identity
        if identity is None or identity.spec.identity is None:
            continue
        declared = identity.spec.identity
        name = node.kind.cls.__name__
        for position, value in _well_formed(node.item, identity):
            if declared.scope == "parent":
                seen = siblings.setdefault((id(node.parent), name), set())
            else:
                seen = ids.setdefault(name, set())
                index.setdefault((name, value), View(node.kind, node.item, root))
            if value in seen:
                message = declared.message.format(kind=node.kind.label, value=value)
                out.add(_path(node, identity, position), declared.code, message)
            seen.add(value)
    for cls, kind in _graph.kinds(root).items():
        if kind.scope == "document":
            ids.setdefault(cls.__name__, set())
    unjudged = {cls.__name__ for cls in unreadable}
    labels = {cls.__name__: kind.label for cls, kind in _graph.kinds(root).items()}
    for node in nodes:
        for ref in node.kind.references:
            target = ref.refers_to or ""
            if target in unjudged:
                continue
            known = ids[target]
            label = labels[target]
            for position, value in _well_formed(node.item, ref):
                if value not in known:
                    out.add(
                        _path(node, ref, position), "reference", f"no {label} has the id {value!r}"
                    )
    version = nodes[0].item.get("schema_version") if nodes else None
    if type(version) is str and version in model.SCHEMA_VERSIONS:
        for node in nodes:
            for info in _newer_fields(node.kind, version):
                if node.item.get(info.key) is not None:
                    out.add(
                        key_path(node.path, info.key),
                        "version",
                        f"{info.key!r} is new in format {info.spec.since}: set "
                        f"'schema_version' to {info.spec.since!r} to use it "
                        "(`summitlib migrate` does it)",
                    )
    context = Context(View(nodes[0].kind, nodes[0].item, root) if nodes else None, lambda: index)
    for node in nodes:
        checks = rules_for(node.kind.cls)
        if not checks:
            continue
        view = View(node.kind, node.item, root)
        for check in checks:
            try:
                found = list(check(view, context))
            except _graph.Unknown:
                continue
            for key, code, message in found:
                path = node.path if key is None else key_path(node.path, key)
                out.add(path, code, message)
