"""Reading `Pulumi.yaml` and a stack file the way the Pulumi CLI does, with every mistake above
the key level reported as a config problem (file, line, key, what is allowed), never a traceback.

What the files may hold comes from Pulumi's own definitions (pulumi/pulumi,
sdk/go/common/workspace/project.go and project.json; sdk/go/common/resource/config/key.go):

- a stack file (`ProjectStack`) holds `config`, `environment`, `secretsprovider`, `encryptedkey`
  and `encryptionsalt`; its config keys are `<namespace>:<name>` (or the old
  `<namespace>:config:<name>`), a key without a namespace is an error (`ParseKey`);
- `Pulumi.yaml`'s `config:` maps a bare key (or `<project>:<key>`) to a value or to a declaration
  holding only `type`, `description`, `items`, `default`, `value`, `secret`
  (`configTypeDeclaration`, additionalProperties false), never both `default` and `value`.

Namespaces a file may use besides this project's: `pulumi:` (the engine's own settings, e.g.
`pulumi:disable-default-providers`, read by the CLI) and those of the provider packages this
program depends on (`aws:`, `azure-native:`, `gcp:`; requirements.txt), which the CLI and
ESC environments may set. Because every resource uses an explicit provider, their keys configure
none of this program's resources; the ones a user would expect to place resources (`aws:region`,
...) are errors that point at `sites`. Any other namespace is a typo of this project's or another
project's keys: an error with a did-you-mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from config.errors import Problem, did_you_mean

PROJECT_DIR = Path(__file__).resolve().parent.parent

STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")
"""Top-level keys of a stack file (Pulumi's ProjectStack)."""
PROJECT_FILE_KEYS = (
    "name", "runtime", "description", "main", "config", "stackConfigDir", "backend", "options",
    "template", "packages", "plugins", "author", "website", "license", "requiredPulumiVersion",
)  # fmt: skip
"""Top-level keys of `Pulumi.yaml` (Pulumi's Project). Pulumi also tolerates other keys for YAML
programs; this is a Python program, so another key is a typo (e.g. `confg`)."""
DECLARATION_KEYS = ("type", "description", "items", "default", "value", "secret")
"""What a project-level config declaration in `Pulumi.yaml` may hold (configTypeDeclaration)."""

PULUMI_NAMESPACE = "pulumi"
PROVIDER_NAMESPACES = ("aws", "azure-native", "gcp")
"""The config namespaces of the provider packages in requirements.txt."""
IGNORED_PROVIDER_KEYS: dict[str, str] = {
    "aws:region": "region",
    "azure-native:location": "region",
    "azure-native:subscriptionId": "subscriptionId",
    "gcp:region": "region",
    "gcp:zone": "availabilityZones",
    "gcp:project": "projectId",
}
"""Provider keys that would place resources if this program used default providers; it does not
(`pulumi:disable-default-providers`), so each site's provider takes them from `sites.<role>`."""


@dataclass
class FileConfig:
    """This project's keys from one file, where each is written, and what was wrong with the file."""

    shown: str
    """The file as the user knows it (relative to the project or the working directory)."""
    values: dict[str, object] = field(default_factory=dict)
    nodes: dict[str, tuple[int, yaml.Node]] = field(default_factory=dict)
    """Key -> (line of the key, the YAML node of its value), for locating nested keys."""
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False
    """The file could not be read as YAML (or not as a mapping): nothing in it can be trusted."""
    misplaced: set[str] = field(default_factory=set)
    """This project's keys written under a misspelled namespace (reported once, there, and not
    again as missing)."""

    def problem(self, key: str, message: str, line: int | None, value: object = None, **kw: Any) -> None:
        extra = {} if value is None else {"value": value}
        self.problems.append(Problem(key, message, source=self.shown, line=line, **extra, **kw))


def shown(path: Path) -> str:
    """`path` as a user reads it: relative to the project, else to the working directory."""
    absolute = path.resolve()
    for base in (PROJECT_DIR, Path.cwd().resolve()):
        try:
            return str(absolute.relative_to(base))
        except ValueError:
            continue
    return str(absolute)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice in one mapping is an error (PyYAML
    keeps the last silently; Pulumi's YAML parser rejects it)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {key!r} is written twice in one mapping (first on line "
                    f"{first.start_mark.line + 1}); keep one",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep)


def _parse(text: str) -> tuple[object, yaml.Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _read(path: Path, out: FileConfig, what: str) -> tuple[dict[Any, Any], yaml.MappingNode] | None:
    """The file's top-level mapping, or None (with the problem recorded) when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        out.unreadable = True
        out.problem("", f"cannot be read: {getattr(error, 'strerror', None) or error}", None)
        return None
    try:
        data, node = _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        where = f" (line {line}, column {mark.column + 1})" if mark else ""
        detail = error.problem or "unreadable"
        if error.context and error.context_mark and error.context_mark.line != (mark.line if mark else None):
            detail += f", {error.context} that starts on line {error.context_mark.line + 1}"
        detail += _hint(detail)
        out.unreadable = True
        out.problem("", f"is not valid YAML{where}: {detail}", line)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks every parse error it raises
        out.unreadable = True
        out.problem("", f"is not valid YAML: {error}", None)
        return None
    if data is None:
        out.unreadable = True
        out.problem("", f"is empty; {what}", 1)
        return None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        out.unreadable = True
        line = node.start_mark.line + 1 if node is not None else 1
        out.problem(
            "",
            f"must be a mapping of keys (`key: value` lines) at its top level, not {_kind(data)}; {what}",
            line,
        )
        return None
    return data, node


_HINTS = {
    "mapping values are not allowed": "check this line's indentation, or quote a value holding ': '",
    "character '\\t'": "YAML indents with spaces, never tabs",
    "expected <block end>": "check the indentation of this line against the lines above",
    "could not find expected ':'": "a key needs ': ' after it",
    "expected ',' or": "a '[' or '{' is not closed",
    "<stream end>": "a '[', '{' or quote is not closed",
}


def _hint(problem: str) -> str:
    found = next((hint for text, hint in _HINTS.items() if text in problem), None)
    return f" ({found})" if found else ""


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    return f"the value {value!r}"


def _key_nodes(node: yaml.MappingNode) -> dict[str, tuple[int, yaml.Node]]:
    return {str(k.value): (k.start_mark.line + 1, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _top_level_keys(
    data: dict[Any, Any],
    nodes: Mapping[str, tuple[int, yaml.Node]],
    allowed: tuple[str, ...],
    project: str,
    out: FileConfig,
) -> None:
    for key, value in data.items():
        if key in allowed:
            continue
        out.problem(
            str(key),
            f"unknown top-level key{did_you_mean(key, allowed)}; a {_file_kind(out)} holds: "
            f"{', '.join(allowed)}",
            nodes.get(str(key), (None,))[0],
            qualified=True,
        )
        if did_you_mean(key, ("config",)) and isinstance(value, dict):
            # a misspelled `config:` section: its keys are reported there, not again as missing
            for name in value:
                parts = _split(name) if isinstance(name, str) and ":" in name else (project, str(name))
                if parts is not None and parts[0] == project:
                    out.misplaced.add(parts[1])


def _file_kind(out: FileConfig) -> str:
    return "project file" if Path(out.shown).name == "Pulumi.yaml" else "stack file"


def _config_section(
    data: dict[Any, Any], nodes: Mapping[str, tuple[int, yaml.Node]], out: FileConfig
) -> tuple[dict[Any, Any], dict[str, tuple[int, yaml.Node]]]:
    config = data.get("config")
    line, node = nodes.get("config", (None, None))
    if config is None:
        return {}, {}
    if not isinstance(config, dict) or not isinstance(node, yaml.MappingNode):
        out.problem("config", f"must be a mapping of config keys, not {_kind(config)}", line, qualified=True)
        return {}, {}
    return config, _key_nodes(node)


_COMPAT = re.compile(r"^(?P<ns>[^:]+):config:(?P<name>[^:]+)$")


def _split(key: str) -> tuple[str, str] | None:
    """(namespace, name) of a config key as Pulumi parses it, or None when it cannot."""
    compat = _COMPAT.match(key)
    if compat:
        return compat["ns"], compat["name"]
    if key.count(":") == 1:
        namespace, name = key.split(":")
        return (namespace, name) if namespace and name else None
    return None


def _foreign_key(
    key: str,
    namespace: str,
    name: str,
    line: int | None,
    project: str,
    allowed: tuple[str, ...],
    out: FileConfig,
) -> None:
    """A key outside this project's namespace: legal in Pulumi's and the providers' namespaces
    (except the keys this program ignores), a problem anywhere else."""
    if namespace == PULUMI_NAMESPACE:
        return
    if namespace in PROVIDER_NAMESPACES:
        ignored = IGNORED_PROVIDER_KEYS.get(f"{namespace}:{name}")
        if ignored:
            out.problem(
                key,
                f"is ignored: every resource of this program uses an explicit provider "
                f"(pulumi:disable-default-providers), which takes its {ignored} from "
                f"sites.primary.{ignored} / sites.recovery.{ignored}; set it there and remove this key",
                line,
                qualified=True,
            )
        return
    namespaces = (project, PULUMI_NAMESPACE, *PROVIDER_NAMESPACES)
    hint = did_you_mean(namespace, namespaces)
    if hint and did_you_mean(namespace, (project,)):
        hint = f" (did you mean '{project}:{name}'?)"
        if name in allowed:
            out.misplaced.add(name)
    out.problem(
        key,
        f"unknown namespace {namespace!r}{hint}: this program reads its settings from "
        f"'{project}:' keys; other namespaces allowed: {', '.join(n + ':' for n in namespaces[1:])} "
        "(keys of another project's namespace do not configure this one)",
        line,
        qualified=True,
    )


def read_stack_file(path: Path, project: str, allowed: tuple[str, ...]) -> FileConfig:
    """This project's keys in a stack file (`Pulumi.<stack>.yaml`, or a file shaped like one).

    A missing file holds no keys (the stack has no settings of its own yet)."""
    out = FileConfig(shown(path))
    if not path.exists():
        return out
    read = _read(path, out, f"a stack file holds `config:` with '{project}:' keys")
    if read is None:
        return out
    data, node = read
    top = _key_nodes(node)
    _top_level_keys(data, top, STACK_FILE_KEYS, project, out)
    config, nodes = _config_section(data, top, out)
    for key, value in config.items():
        line, value_node = nodes.get(str(key), (None, None))
        parts = _split(key) if isinstance(key, str) else None
        if parts is None:
            name = str(key)
            hint = f" (write '{project}:{name}')"
            if name in allowed:
                out.misplaced.add(name)
            out.problem(
                str(key),
                f"a stack file's config keys are written <namespace>:<name>{hint}; this program's "
                f"keys are '{project}:...' (Pulumi rejects a key without a namespace)",
                line,
                qualified=True,
            )
            continue
        namespace, name = parts
        if namespace != project:
            _foreign_key(str(key), namespace, name, line, project, allowed, out)
            continue
        out.values[name] = value
        if value_node is not None and line is not None:
            out.nodes[name] = (line, value_node)
    return out


def read_project_file(path: Path, project: str, allowed: tuple[str, ...]) -> FileConfig:
    """This project's values (and defaults) from `Pulumi.yaml`'s `config:` block."""
    out = FileConfig(shown(path))
    if not path.exists():
        out.unreadable = True
        out.problem("", f"not found: every stack needs the project file with the '{project}:' config", None)
        return out
    read = _read(path, out, f"the project file names the project ({project}) and holds the shared config")
    if read is None:
        return out
    data, node = read
    top = _key_nodes(node)
    _top_level_keys(data, top, PROJECT_FILE_KEYS, project, out)
    if data.get("name") != project:
        out.problem(
            "name",
            f"this program reads its config from the '{project}:' namespace (config.PROJECT), so the "
            f"project must be named {project}; a project of another name would hand it none of its keys",
            top.get("name", (None,))[0],
            value=data.get("name"),
            qualified=True,
        )
    config, nodes = _config_section(data, top, out)
    for key, declaration in config.items():
        line, value_node = nodes.get(str(key), (None, None))
        name = str(key)
        if ":" in name:
            parts = _split(name)
            if parts is None or parts[0] != project:
                if parts is not None:
                    _foreign_key(name, *parts, line, project, allowed, out)
                else:
                    out.problem(name, "a config key is <name> or <namespace>:<name>", line, qualified=True)
                continue
            name = parts[1]
        reported = len(out.problems)
        value = _declared_value(name, declaration, line, out)
        if len(out.problems) > reported:
            out.misplaced.add(name)  # its problem is the declaration's: not "missing" on top
        if value is _NOTHING:
            continue
        out.values[name] = value
        if isinstance(value_node, yaml.MappingNode) and isinstance(declaration, dict):
            inner = _key_nodes(value_node)
            inner_key = "value" if "value" in declaration else "default"
            value_node = inner.get(inner_key, (line, value_node))[1]
        if value_node is not None and line is not None:
            out.nodes[name] = (line, value_node)
    return out


_NOTHING = object()


def _declared_value(name: str, declaration: object, line: int | None, out: FileConfig) -> object:
    """The value a project-level declaration gives its key (its `value`, else its `default`)."""
    if not isinstance(declaration, dict):
        return declaration  # shorthand: `organization: acme` is a default
    unknown = [str(k) for k in declaration if k not in DECLARATION_KEYS]
    if unknown and not any(k in DECLARATION_KEYS for k in declaration):
        out.problem(
            name,
            "Pulumi reads a mapping here as a config declaration, so an object value goes under "
            f"`value:` (a declaration holds {', '.join(DECLARATION_KEYS)}); found {', '.join(unknown)}",
            line,
        )
        return _NOTHING
    for key in unknown:
        out.problem(
            f"{name}.{key}",
            f"unknown key in a config declaration{did_you_mean(key, DECLARATION_KEYS)}; a declaration "
            f"holds: {', '.join(DECLARATION_KEYS)}",
            line,
        )
    if "value" in declaration and "default" in declaration:
        out.problem(name, "has both `default` and `value` (Pulumi rejects that): keep one", line)
    if "value" in declaration:
        return declaration["value"]
    if "default" in declaration:
        return declaration["default"]
    return _NOTHING


# --- where a key is written ----------------------------------------------------------------

_PART = re.compile(r"\[(\d+)(?::[^\]]*)?\]|([^.\[\]]+)")


def key_parts(key: str) -> list[str | int]:
    """`services[2:payments].dataStores[0].rpo` -> ['services', 2, 'dataStores', 0, 'rpo']."""
    return [int(index) if index else name for index, name in _PART.findall(key)]


def line_of(nodes: Mapping[str, tuple[int, yaml.Node]], key: str) -> int | None:
    """The line of the deepest part of `key` written in the file (None: the key is not there)."""
    parts = key_parts(key)
    if not parts or not isinstance(parts[0], str) or parts[0] not in nodes:
        return None
    line, node = nodes[parts[0]]
    for part in parts[1:]:
        if isinstance(node, yaml.MappingNode):
            found = next(
                ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                None,
            )
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


@dataclass
class Provenance(Mapping[str, str]):
    """Which file each top-level key came from (a mapping key -> file, as `sources` always was),
    where in it each key is written, and the problems found reading the files."""

    files: dict[str, str]
    default: str
    """The file a key no file holds is reported against (the stack file)."""
    read: tuple[FileConfig, ...] = ()

    def __getitem__(self, key: str) -> str:
        return self.files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.read for p in f.problems]

    @property
    def unreadable(self) -> bool:
        return any(f.unreadable for f in self.read)

    @property
    def misplaced(self) -> set[str]:
        return {k for f in self.read for k in f.misplaced}

    def locate(self, key: str) -> tuple[str, int | None]:
        """(file, line) of a config key path such as `services[1:payments].rto`."""
        top = key_parts(key)[:1]
        name = str(top[0]) if top else key
        source = self.files.get(name, self.default)
        holder = next((f for f in self.read if f.shown == source), None)
        return source, line_of(holder.nodes, key) if holder is not None else None
