"""Store policies: markdown documents whose `## <doc>.<n> Title` headings are stable clause ids."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from bot.records import PolicyClause

# `## returns.1 Return window` -> id "returns.1", title "Return window".
_HEADING = re.compile(r"^##\s+(?P<id>[a-z][a-z0-9_]*\.\d+)\s+(?P<title>\S.*?)\s*$")
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Customer words that mean what the policies say in other words; the alias is searched as well, never instead.
_ALIASES = {"uk": "kingdom", "usa": "states", "us": "states", "money": "refund", "postage": "shipping",
            "delivery": "deliver", "ship": "deliver", "swap": "exchange", "send": "return", "guarantee": "warranty",
            "coupon": "discount", "voucher": "discount", "damaged": "faulty", "broken": "faulty"}
# Words too common in questions to say anything about which clause is meant.
_STOP = frozenset(
    "a an and are as at be by can do does for from have how i if in is it its me my of on or our "
    "so that the their there this to was we what when where which will with you your "
    # question filler: "how long does it take", "what happens now" say nothing about the topic
    "long many much take takes taking get got now happen happens would could should just please hi hello thanks".split()
)
_HOW_LONG = re.compile(r"\bhow\s+(?:long|soon|quickly|fast|many days)\b|\buntil when\b", re.IGNORECASE)
_MAX_TERMS = 32  # a long message adds little after this and would only slow the query
# Heading words count three times the body's (bm25 column weights: id, document, heading, body).
_BM25 = "bm25(clauses, 0.0, 0.0, 3.0, 1.0)"


def fts_query(text: str) -> str:
    """The customer's words as an FTS5 OR-query of double-quoted terms: no operator can get through."""
    terms: list[str] = []
    for match in _TOKEN.finditer(text.casefold()):
        word = match.group(0).replace("_", " ").strip()
        if not word or word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        terms.append(word)
        if word in _ALIASES:
            terms.append(_ALIASES[word])
    if _HOW_LONG.search(text):
        terms.extend(("days", "time"))  # "how long" asks about a time span the clause states in days
    unique = list(dict.fromkeys(terms))[:_MAX_TERMS]
    # \w+ never yields a double quote, but double any anyway so the quoting cannot be broken.
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in unique)


class _ClauseIndex:
    """An in-memory SQLite FTS5 index of clauses (porter stems, accents folded), ranked by bm25."""

    def __init__(self, clauses: Iterable[PolicyClause]) -> None:
        self._lock = threading.Lock()  # one connection shared by the worker threads
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE clauses USING fts5(clause_id UNINDEXED, document UNINDEXED, heading, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO clauses (clause_id, document, heading, body) VALUES (?, ?, ?, ?)",
            [(c.id, c.policy, c.title, c.text) for c in clauses],
        )

    def search(self, text: str, limit: int, documents: Iterable[str] | None) -> list[str]:
        """Clause ids best first; ties keep document and clause order."""
        query = fts_query(text)
        if not query or limit <= 0:
            return []
        sql = f"SELECT clause_id, {_BM25} AS score FROM clauses WHERE clauses MATCH ?"
        params: list[object] = [query]
        if documents is not None:
            allowed = sorted(set(documents))
            if not allowed:
                return []
            sql += f" AND document IN ({', '.join('?' for _ in allowed)})"
            params.extend(allowed)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        rows.sort(key=lambda row: (round(row[1], 9), _clause_order(row[0])))
        return [clause_id for clause_id, _ in rows[:limit]]


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
    _index: _ClauseIndex | None = field(default=None, init=False, repr=False, compare=False)

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
        """Clauses ranked by SQLite full-text search (bm25, headings weigh most) over `text`; best first."""
        if self._index is None:
            object.__setattr__(self, "_index", _ClauseIndex(self.clauses.values()))  # built once, on first use
        assert self._index is not None
        return [self.clauses[i] for i in self._index.search(text, limit, documents) if i in self.clauses]


def _clause_order(clause_id: str) -> tuple[str, int]:
    doc, _, num = clause_id.partition(".")
    return doc, int(num)


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
