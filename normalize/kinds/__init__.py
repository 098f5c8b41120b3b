"""The closed set of rule kinds: one module (or, for the three word-and-line algorithms, one
package with the algorithm and its thin rule kind) each, in a static table.

>>> sorted(BUILTIN_KINDS)[:3]
['boilerplate', 'char_map', 'drop_line']
"""

from __future__ import annotations

from normalize.kinds.boilerplate.kind import BoilerplateKind
from normalize.kinds.char_map import CharMapKind
from normalize.kinds.drop_line import DropLineKind
from normalize.kinds.function import FunctionKind
from normalize.kinds.regex import RegexKind
from normalize.kinds.split_merged.kind import SplitMergedKind
from normalize.kinds.typo.kind import TypoKind
from normalize.registry import RuleKind

BUILTIN_KINDS: dict[str, type[RuleKind]] = {
    cls.name: cls
    for cls in (
        RegexKind,
        CharMapKind,
        DropLineKind,
        FunctionKind,
        SplitMergedKind,
        TypoKind,
        BoilerplateKind,
    )
}
