"""Store policies: markdown documents whose `## <doc>.<n> Title` headings are stable clause ids."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from bot.records import PolicyClause

# `## returns.1 Return window` -> id "returns.1", title "Return window".
_HEADING = re.compile(r"^##\s+(?P<id>[a-z][a-z0-9_]*\.\d+)\s+(?P<title>\S.*?)\s*$")
_WORD = re.compile(r"[a-z0-9äöüßéèàç]+")
# Words too common in questions to say anything about which clause is meant.
_ALIASES = {"uk": "kingdom", "usa": "states", "us": "states", "money": "refund", "postage": "shipping",
            "delivery": "deliver", "swap": "exchange", "send": "return"}
_STOP = frozenset(
    "a an and are as at be by can do does for from have how i if in is it its me my of on or our "
    "so that the their there this to up was we what when where which will with you your".split()
)


class PolicyError(ValueError):
    """A policy directory is malformed or a clause is missing; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PolicyDocument:
    """One markdown policy file."""

    name: str  # file stem, e.g. "returns"; also the clause id prefix
    title: str
    version: str  # short sha256 of the file bytes
    clause_ids: tuple[str, ...]


@dataclass(frozen=True)
class PolicyBook:
    """All clauses of the store's policies, addressable by id."""

    clauses: dict[str, PolicyClause]
    documents: dict[str, PolicyDocument] = field(default_factory=dict)

    def clause(self, clause_id: str) -> PolicyClause:
        """The clause with this id; raises PolicyError naming it when absent."""
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise PolicyError([f"policy clause {clause_id} missing"]) from None

    def get(self, clause_id: str) -> PolicyClause | None:
        """The clause with this id, or None."""
        return self.clauses.get(clause_id)

    def missing(self, clause_ids: Iterable[str]) -> list[str]:
        """Ids from `clause_ids` that no document defines, in the order given."""
        return [c for c in clause_ids if c not in self.clauses]

    def version(self, document: str) -> str:
        """Version hash of one document."""
        return self.documents[document].version

    def search(self, text: str, limit: int = 3, *, documents: Iterable[str] | None = None) -> list[PolicyClause]:
        """Clauses ranked by keyword overlap with `text` (titles count double); best first."""
        allowed = set(documents) if documents is not None else None
        query = set(_stems(text))
        if not query:
            return []
        pool = [c for c in self.clauses.values() if allowed is None or c.policy in allowed]
        # Rarer words tell clauses apart better, so weight them by squared inverse document frequency.
        bags = {c.id: (set(_stems(c.title)), _stems(c.text)) for c in pool}
        df: dict[str, int] = {}
        for title_words, body_words in bags.values():
            for word in title_words | set(body_words):
                df[word] = df.get(word, 0) + 1
        n = max(len(pool), 1)
        scored = []
        for clause in pool:
            title_words, body_words = bags[clause.id]
            body = set(body_words)
            score = 0.0
            for word in query:
                if word not in df:
                    continue
                idf = math.log(1 + n / df[word]) ** 2
                score += idf * (2.0 * (word in title_words) + 1.0 * (word in body))
            if score > 0:
                scored.append((score, clause.id, clause))
        scored.sort(key=lambda item: (-item[0], _clause_order(item[1])))
        return [clause for _, _, clause in scored[:limit]]


def _clause_order(clause_id: str) -> tuple[str, int]:
    doc, _, num = clause_id.partition(".")
    return doc, int(num)


def _stems(text: str) -> list[str]:
    # Crude plural/verb folding is enough to match "returns" with "return" and "shipping" with "ship".
    words = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        word = _ALIASES.get(word, word)
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if len(word) > 4 and word.endswith("e"):
            word = word[:-1]
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
            word = word[:-1]
        words.append(word)
    return words


def parse_policy(name: str, raw: bytes, *, source: str | None = None) -> tuple[PolicyDocument, list[PolicyClause]]:
    """Parse one markdown policy; raises PolicyError naming the file and line of each problem."""
    where = source or f"{name}.md"
    version = hashlib.sha256(raw).hexdigest()[:12]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError([f"{where}: not UTF-8 text"]) from None
    problems: list[str] = []
    title = name
    clauses: list[PolicyClause] = []
    current: tuple[str, str] | None = None
    body: list[str] = []
    seen: set[str] = set()

    def close() -> None:
        if current is not None:
            clauses.append(PolicyClause(current[0], current[1], "\n".join(body).strip(), name, version))

    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("# "):
            title = line[2:].strip()
            continue
        if line.startswith("##") and not line.startswith("###"):
            match = _HEADING.match(line)
            if not match:
                problems.append(f"{where}:{lineno}: heading without a clause id (expected '## {name}.N Title')")
                continue
            clause_id = match["id"]
            if clause_id.partition(".")[0] != name:
                problems.append(f"{where}:{lineno}: clause {clause_id} does not belong to document '{name}'")
            if clause_id in seen:
                problems.append(f"{where}:{lineno}: duplicate clause id {clause_id}")
            seen.add(clause_id)
            close()
            current, body = (clause_id, match["title"]), []
            continue
        if current is not None:
            body.append(line)
    close()
    for clause in clauses:
        if not clause.text:
            problems.append(f"{where}: clause {clause.id} has no text")
    if not clauses:
        problems.append(f"{where}: no clauses (expected '## {name}.1 Title' headings)")
    if problems:
        raise PolicyError(problems)
    return PolicyDocument(name, title, version, tuple(c.id for c in clauses)), clauses


def load_policies(directory: str | Path) -> PolicyBook:
    """Read every *.md file of `directory` into a PolicyBook; raises PolicyError listing all problems."""
    root = Path(directory)
    if not root.is_dir():
        raise PolicyError([f"{root}: policy directory not found"])
    problems: list[str] = []
    documents: dict[str, PolicyDocument] = {}
    clauses: dict[str, PolicyClause] = {}
    for path in sorted(root.glob("*.md")):
        try:
            document, parsed = parse_policy(path.stem, path.read_bytes(), source=str(path))
        except PolicyError as err:
            problems.extend(err.problems)
            continue
        documents[document.name] = document
        for clause in parsed:
            clauses[clause.id] = clause
    if not documents and not problems:
        problems.append(f"{root}: no policy documents (*.md)")
    if problems:
        raise PolicyError(problems)
    return PolicyBook(clauses=clauses, documents=documents)
