"""Versioned prompt templates: `name@version` -> prompts/name.version.jinja.

Templates are rendered in a sandboxed Jinja environment with StrictUndefined, so a
misspelt variable fails loudly. The article text is passed as a variable, never as
template source: an article containing ``{{`` renders verbatim. A template holds two
blocks, ``system`` and ``user``, each rendered on its own into one chat message, so no
text inside the article can forge a message boundary. A scored version is never edited:
the sha256 of the file is recorded with every output.

Beside each template, ``name.version.yaml`` declares which model-free candidate stages the
version uses (``stages: [actors, treaties, events]``; none when the file is absent). The
spec, not the variables the template happens to read, decides what the pipeline runs; a
template that reads a stage's variable without declaring the stage is refused at load.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from extractor.records import PromptRef

DEFAULT_PROMPT = "extract@v4"  # the best on every type (evals/baseline.json)


def _bundled_prompts() -> Path:
    """The templates shipped with the package: `extractor/templates/` inside an installed
    wheel (pyproject maps the repository's top-level `prompts/` there), else that top-level
    folder itself in a source checkout or an editable install."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "prompts"


# A user's own prompt directory wins over the bundled one.
PROMPTS_DIR = Path(os.environ.get("EXTRACTOR_PROMPTS_DIR") or _bundled_prompts())
_PROMPT_ID = re.compile(r"^(?P<name>[a-z][a-z0-9_-]*)@(?P<version>v\d+)$")
ROLES = ("system", "user")
# The candidate stages a prompt version may declare, and the template variable each fills.
# The treaty and event stages build on the actor stage's candidates.
STAGE_VARIABLES = {
    "actors": "candidates",
    "treaties": "treaty_candidates",
    "events": "event_candidates",
}


class PromptError(ValueError):
    """A prompt id that does not parse or names no template."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    path: Path
    sha256: str
    source: str
    stages: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    @functools.cached_property
    def variables(self) -> set[str]:
        """The variables the template reads (e.g. article, published, candidates)."""
        return set(
            meta.find_undeclared_variables(_environment(self.path.parent).parse(self.source))
        )

    def ref(self) -> PromptRef:
        return PromptRef(id=self.id, name=self.name, version=self.version, sha256=self.sha256)

    def render(self, **variables: object) -> list[dict[str, str]]:
        """Chat messages for these variables (article, published, ...)."""
        template = _environment(self.path.parent).get_template(self.path.name)
        messages = []
        for role in ROLES:
            block = template.blocks.get(role)
            if block is None:
                continue
            context = template.new_context(dict(variables))
            content = "".join(block(context)).strip()
            messages.append({"role": role, "content": content})
        if not messages:
            raise PromptError(f"{self.path}: template has no 'system' or 'user' block")
        return messages


@functools.cache
def _environment(directory: Path) -> ImmutableSandboxedEnvironment:
    # One environment per directory: it keeps each compiled template (recompiled when its file
    # changes), so rendering every article does not compile the template again.
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(directory)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def parse_prompt_id(prompt_id: str) -> tuple[str, str]:
    match = _PROMPT_ID.match(prompt_id.strip())
    if not match:
        raise PromptError(f"prompt {prompt_id!r} is not of the form name@vN, e.g. extract@v1")
    return match["name"], match["version"]


def load_prompt(prompt_id: str = DEFAULT_PROMPT, directory: Path | None = None) -> Prompt:
    name, version = parse_prompt_id(prompt_id)
    directory = directory or PROMPTS_DIR
    path = directory / f"{name}.{version}.jinja"
    if not path.is_file():
        available = ", ".join(available_prompts(directory)) or "none"
        raise PromptError(f"prompt {prompt_id!r} not found: no {path} (available: {available})")
    raw = path.read_bytes()
    try:
        _environment(directory).get_template(path.name)
    except TemplateNotFound as exc:  # pragma: no cover - guarded by is_file above
        raise PromptError(str(exc)) from exc
    prompt = Prompt(name, version, path, hashlib.sha256(raw).hexdigest(), raw.decode("utf-8"))
    stages = read_stages(spec_path(path))
    undeclared = sorted(
        f"{variable} ({stage})"
        for stage, variable in STAGE_VARIABLES.items()
        if variable in prompt.variables and stage not in stages
    )
    if undeclared:
        raise PromptError(
            f"{path}: the template reads {', '.join(undeclared)} but {spec_path(path).name} "
            "does not declare the stage; add it to `stages:`"
        )
    return dataclasses.replace(prompt, stages=stages)


def spec_path(template: Path) -> Path:
    """The version's spec file beside its template: extract.v4.jinja -> extract.v4.yaml."""
    return template.with_suffix(".yaml")


def read_stages(spec: Path) -> frozenset[str]:
    """The candidate stages a spec file declares; none when there is no spec file."""
    if not spec.is_file():
        return frozenset()
    try:
        data = yaml.safe_load(spec.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise PromptError(f"{spec}: not YAML: {_one_line(error)}") from None
    stages = data.get("stages") if isinstance(data, dict) else None
    if stages is None:
        stages = []
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        raise PromptError(f"{spec}: `stages` must be a list of stage names")
    unknown = sorted(set(stages) - set(STAGE_VARIABLES))
    if unknown:
        choices = ", ".join(STAGE_VARIABLES)
        raise PromptError(f"{spec}: unknown stage(s) {', '.join(unknown)}; choose from {choices}")
    if stages and "actors" not in stages:
        raise PromptError(f"{spec}: the treaty and event stages need the actor stage: add actors")
    return frozenset(stages)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def available_prompts(directory: Path | None = None) -> list[str]:
    directory = directory or PROMPTS_DIR
    found = []
    for path in sorted(directory.glob("*.v*.jinja")):
        name, _, version = path.stem.rpartition(".")
        found.append(f"{name}@{version}")
    return found
