"""Load rule files with line/column marks, validate them, and compile their rules.

Errors keep the position of the YAML node they concern (via ``yaml.compose``), so every
problem reads ``path:line:col: CODE message``. All errors of a load are collected and raised
together as :class:`~normalize.errors.RuleErrors`.

>>> from normalize.shipped import default_rules_dir
>>> [p.name for p in load_rules(default_rules_dir())][:2]
['unicode', 'markup']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from normalize.errors import RuleError, RuleErrors
from normalize.kinds import BUILTIN_KINDS
from normalize.protect import REGION_TYPES
from normalize.registry import RuleCompileError, RuleKind
from normalize.schema import PassFile, PipelineFile, RuleBase
from normalize.shipped import PIPELINE_FILE, shipped


@dataclass
class LoadedPass:
    """A pass as loaded: its name, source file and compiled rules in file order."""

    name: str
    path: str
    rules: list[RuleKind] = field(default_factory=list)
    max_iterations: int = 3
    description: str = ""
    disabled: list[RuleKind] = field(default_factory=list)
    recheck: bool = False
    #: Document kinds the pass acts on (see ``content`` in the rule-file format).
    content: frozenset[str] = frozenset({"prose"})
    #: The protected region types its edits must keep out of.
    protected: frozenset[str] = frozenset(REGION_TYPES)
    #: Warnings about its rules that do not stop them loading (``rules check`` shows them).
    warnings: list[RuleError] = field(default_factory=list)

    @property
    def all_in_order(self) -> list[RuleKind]:
        """Enabled and disabled rules in file order."""
        return sorted(self.rules + self.disabled, key=lambda r: r.index)


#: libyaml's loader when PyYAML was built with it (many times faster), else the Python one.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(node: yaml.Node | None) -> tuple[int | None, int | None]:
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: yaml.Node | None, key: Any, *, want_key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return k if want_key else v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _locate(node: yaml.Node | None, loc: tuple[Any, ...], *, want_key: bool = False) -> yaml.Node:
    """The deepest node reachable along a pydantic error location."""
    assert node is not None
    cur = node
    for i, part in enumerate(loc):
        nxt = _child(cur, part, want_key=want_key and i == len(loc) - 1)
        if nxt is None:
            break
        cur = nxt
    return cur


def _pydantic_errors(
    exc: ValidationError, node: yaml.Node, path: str, prefix: str
) -> list[RuleError]:
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        etype = err["type"]
        dotted = prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        dotted = dotted.lstrip(".")
        if etype == "extra_forbidden":
            code, msg = "E202", f"{dotted}: unknown key"
            target = _locate(node, loc, want_key=True)
        elif etype == "missing":
            code, msg = "E203", f"{dotted}: missing required key"
            target = _locate(node, loc[:-1])
        else:
            code, msg = "E201", f"{dotted}: {err['msg']}"
            target = _locate(node, loc)
        line, col = _mark(target)
        out.append(RuleError(code, msg, path=path, line=line, col=col))
    return out


def _compose(path: Path) -> tuple[yaml.Node | None, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleErrors([RuleError("E002", f"cannot read: {e}", path=str(path))]) from None
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise RuleErrors([RuleError("E001", problem, path=str(path), line=line, col=col)]) from None
    return node, data


def load_pass_file(path: Path, *, name: str | None = None) -> LoadedPass:
    """Validate and compile one rule file; raises :class:`RuleErrors` listing every problem.

    Rules read from the shipped folder are trusted (:func:`shipped`); any other is a user's.
    """
    trusted = shipped(path)
    spath = str(path)
    node, data = _compose(path)
    if not isinstance(data, dict):
        line, col = _mark(node)
        raise RuleErrors(
            [
                RuleError(
                    "E101",
                    "expected a mapping with 'pass' and 'rules'",
                    path=spath,
                    line=line,
                    col=col,
                )
            ]
        )
    assert node is not None
    try:
        pf = PassFile.model_validate(data)
    except ValidationError as e:
        raise RuleErrors(_pydantic_errors(e, node, spath, "")) from None
    errors: list[RuleError] = []
    rules_node = _child(node, "rules")
    compiled: list[RuleKind] = []
    disabled: list[RuleKind] = []
    warnings: list[RuleError] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(pf.rules):
        rnode = _child(rules_node, i) or node
        prefix = f"rules[{i}]"
        validated = _validate_rule(raw, rnode, prefix, spath, errors)
        if validated is None:
            continue
        cls, spec = validated
        if spec.id in seen:
            line, col = _mark(_child(rnode, "id"))
            first = f"(first at rules[{seen[spec.id]}])"
            errors.append(
                RuleError(
                    "E302",
                    f"{prefix}.id: duplicate rule id {spec.id!r} {first}",
                    path=spath,
                    line=line,
                    col=col,
                )  # fmt: skip
            )
            continue
        seen[spec.id] = i
        try:
            # Disabled rules are compiled too, so that their examples are tested.
            kind = cls(spec, path.parent)
            kind.index = i
            kind.trusted = trusted
            kind.content = frozenset(spec.content if spec.content is not None else pf.content)
            (compiled if spec.enabled else disabled).append(kind)
            for code, fld, message in kind.lint():
                line, col = _mark(_child(rnode, fld) or rnode)
                where = f"{prefix}.{fld}: {message}"
                warnings.append(RuleError(code, where, path=spath, line=line, col=col))
        except RuleCompileError as e:
            target = _child(rnode, e.field) if e.field else rnode
            line, col = _mark(target or rnode)
            where = f"{prefix}.{e.field}" if e.field else prefix
            errors.append(
                RuleError(e.code, f"{where}: {e.message}", path=spath, line=line, col=col)
            )
    if errors:
        raise RuleErrors(errors)
    return LoadedPass(
        name or pf.pass_,
        spath,
        compiled,
        pf.max_iterations,
        pf.description,
        disabled,
        content=frozenset(pf.content),
        protected=frozenset(
            REGION_TYPES if pf.protected is True else pf.protected if pf.protected else ()
        ),
        warnings=warnings,
    )


def _validate_rule(
    raw: Any, rnode: yaml.Node, prefix: str, spath: str, errors: list[RuleError]
) -> tuple[type[RuleKind], RuleBase] | None:
    """A rule's kind and validated spec, or None with its errors added to ``errors``."""
    if not isinstance(raw, dict):
        line, col = _mark(rnode)
        errors.append(
            RuleError("E101", f"{prefix}: a rule must be a mapping", path=spath, line=line, col=col)
        )
        return None
    kind_name = raw.get("kind")
    cls = BUILTIN_KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if cls is None:
        line, col = _mark(_child(rnode, "kind") or rnode)
        known = "|".join(sorted(BUILTIN_KINDS))
        message = f"{prefix}.kind: unknown kind {kind_name!r}; expected one of {known}"
        errors.append(RuleError("E204", message, path=spath, line=line, col=col))
        return None
    try:
        return cls, cls.schema.model_validate(raw)
    except ValidationError as e:
        errors.extend(_pydantic_errors(e, rnode, spath, prefix))
        return None


def load_rules(path: str | Path) -> list[LoadedPass]:
    """Load a pipeline: a folder with ``pipeline.yaml`` (or else its ``*.yaml`` in name
    order), or a single rule file as a one-pass pipeline."""
    p = Path(path)
    if p.is_file():
        return [load_pass_file(p)]
    if not p.is_dir():
        raise RuleErrors([RuleError("E002", "no such rule file or folder", path=str(p))])
    manifest = p / PIPELINE_FILE
    if not manifest.is_file():
        files = sorted(f for f in p.glob("*.yaml") if f.name != PIPELINE_FILE)
        return _load_many([(None, f) for f in files])
    node, data = _compose(manifest)
    try:
        pl = PipelineFile.model_validate(data)
    except ValidationError as e:
        raise RuleErrors(_pydantic_errors(e, node, str(manifest), "")) from None
    refs = []
    names: set[str] = set()
    errors = []
    for i, ref in enumerate(pl.passes):
        if ref.name in names:
            line, col = _mark(_locate(node, ("passes", i, "name")))
            errors.append(
                RuleError(
                    "E305",
                    f"passes[{i}].name: duplicate pass {ref.name!r}",
                    path=str(manifest),
                    line=line,
                    col=col,
                )
            )
        names.add(ref.name)
        if ref.enabled:
            refs.append((ref.name, p / ref.file))
    if errors:
        raise RuleErrors(errors)
    passes = _load_many(refs)
    rechecked = {r.name for r in pl.passes if r.recheck}
    for lp in passes:
        lp.recheck = lp.name in rechecked
    return passes


def _load_many(refs: list[tuple[str | None, Path]]) -> list[LoadedPass]:
    passes, errors = [], []
    for name, f in refs:
        try:
            passes.append(load_pass_file(f, name=name))
        except RuleErrors as e:
            errors.extend(e.errors)
    if errors:
        raise RuleErrors(errors)
    return passes


def json_schema() -> dict[str, Any]:
    """JSON Schema of a rule file, with one ``oneOf`` branch per registered kind."""
    branches = []
    for name, cls in sorted(BUILTIN_KINDS.items()):
        s = cls.schema.model_json_schema(by_alias=True)
        s.setdefault("properties", {})["kind"] = {"const": name}
        if cls.params_model is not None:
            s["properties"]["params"] = cls.params_model.model_json_schema()
        branches.append(s)
    top = PassFile.model_json_schema(by_alias=True)
    top["properties"]["rules"] = {"type": "array", "items": {"oneOf": branches}}
    top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    top["title"] = "normalize rule file"
    return top
