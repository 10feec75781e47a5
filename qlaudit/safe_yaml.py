"""YAML for untrusted files (unit.yaml, a unit's import profile): PyYAML's safe loader, bounded.

``yaml.safe_load`` constructs no Python objects beyond plain data, but it still follows aliases: a few lines of
``&a [*b, *b, …]`` describe billions of nodes (an "alias bomb") that hang whatever walks the result. Here the
composer counts aliases and nesting as it reads (limits ``yaml_aliases`` and ``yaml_depth``), then the node graph
is measured with aliases expanded, each shared node once (limit ``yaml_nodes``), and a node that contains itself
is refused — all before anything is constructed. A value the constructor cannot build (an integer of 5,000
digits, the 30th of February) is a :class:`YamlRefused` too, never a traceback.
"""

from __future__ import annotations

from typing import Any

import yaml

from qlaudit import limits


class YamlRefused(ValueError):
    """YAML that is invalid, or over a limit; ``str()`` says which and where."""


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str, bounds: limits.Limits) -> None:
        super().__init__(stream)
        self.bounds = bounds
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            limits.check("the YAML file uses aliases (*name)", "yaml_aliases", self.aliases, self.bounds)
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            limits.check("the YAML file is nested", "yaml_depth", self.depth, self.bounds)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _expanded_size(root: yaml.Node, bound: int) -> int:
    """Nodes of the document with aliases expanded (a shared node counts once per reference), computed once per
    node without recursion (capped at ``bound + 1``); :class:`YamlRefused` for a node that contains itself."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in _children(node)), bound + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlRefused("the YAML file refers to itself through an alias (a node inside its own anchor)")
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise YamlRefused("the YAML file refers to itself through an alias (a node inside its own anchor)")
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def load(text: str, name: str) -> Any:
    """The data of a YAML document (None for an empty one); :class:`YamlRefused` or
    :class:`qlaudit.limits.LimitExceeded` otherwise."""
    bounds = limits.current()
    try:
        loader = _BoundedLoader(text, bounds)  # the reader checks the characters here already
    except yaml.YAMLError as exc:
        raise YamlRefused(f"{name} is not valid YAML: {exc}") from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, bounds.yaml_nodes) > bounds.yaml_nodes:
            raise limits.LimitExceeded(f"{name}: its aliases expand to more than {bounds.yaml_nodes:,} nodes (an alias "
                                       "bomb?)", "yaml_nodes", bounds.yaml_nodes)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlRefused(f"{name} is not valid YAML: {exc}") from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        if isinstance(exc, YamlRefused):
            raise
        raise YamlRefused(f"{name} has a value YAML cannot read: {exc}") from exc
    finally:
        loader.dispose()
