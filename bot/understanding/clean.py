"""Strip quoted earlier replies, forwarded headers and signatures from a customer message."""

from __future__ import annotations

import re

# Lines that start the quoted part of a reply; everything from there on is someone else's text.
_QUOTE_START = re.compile(
    r"""^\s*(?:
        on\s.{0,250}\bwrote\s*:?                                 # en (Gmail, Apple Mail)
      | el\s.{0,250}\bescribi[oó]\s*:?                            # es
      | am\s.{0,250}\bschrieb\b.{0,120}:?                         # de
      | le\s.{0,250}\ba\s+[ée]crit\s*:?                           # fr
      | op\s.{0,250}\bschreef\b.{0,120}:?                         # nl
      | il\s.{0,250}\bha\s+scritto\s*:?                           # it
      | -{2,}\s*(?:original\s+message|urspr[üu]ngliche\s+nachricht|mensaje\s+original
                 |message\s+d'origine|oorspronkelijk\s+bericht)\s*-{2,}
      | -{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht|mensaje\s+reenviado
                 |message\s+transf[ée]r[ée]|doorgestuurd\s+bericht)\s*-{2,}
      | begin\s+forwarded\s+message\s*:
      | _{10,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# An e-mail header block ("From: ... / Sent: ...") marks a quoted or forwarded message.
_HEADER_FROM = re.compile(r"^\s*\**(?:from|von|de|van|da)\s*:\**\s*\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\**(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|enviado|fecha|para|asunto"
    r"|envoy[ée]|[àa]|objet|verzonden|aan|onderwerp|inviato|oggetto)\s*:",
    re.IGNORECASE,
)

# "Sent from my iPhone" and friends, in the languages we serve.
_DEVICE_LINE = re.compile(
    r"^\s*(?:sent\s+from\s+my\b.*|sent\s+from\s+(?:outlook|mail|yahoo|gmail)\b.*|get\s+outlook\s+for\b.*"
    r"|sent\s+via\b.*|enviado\s+desde\s+mi\b.*|von\s+meinem\b.*\bgesendet.*|gesendet\s+von\s+meinem\b.*"
    r"|envoy[ée]\s+de\s+mon\b.*|envoy[ée]\s+depuis\s+mon\b.*|verzonden\s+(?:vanaf|met|van)\s+mijn\b.*"
    r"|inviato\s+da\b.*)$",
    re.IGNORECASE,
)

# Footer boilerplate: confidentiality notices, print reminders, pronoun lines. Everything from there on goes.
_BOILERPLATE = re.compile(
    r"^\s*(?:(?:this|the) (?:e-?mail|message|communication)\b.{0,120}\b(?:confidential|privileged|intended (?:solely|only))"
    r"|(?:confidentiality|legal|e-?mail|privacy)\s+(?:notice|disclaimer|statement|warning)\s*:|disclaimer\s*:"
    r"|the information (?:contained )?in this (?:e-?mail|message|communication)\b"
    r"|please consider the environment|think before you print|please don't print"
    r"|if you (?:have )?received (?:this|it) (?:e-?mail |message )?in error|\(?(?:she|he|they)/(?:her|him|them)(?:/\w+)?\)?\s*$)",
    re.IGNORECASE,
)
# Contact lines under a name: "T: +44 20 ...", "Jane Roe | Buyer | Acme Ltd", "www.example.com".
_CONTACT_LINE = re.compile(
    r"^\s*(?:(?:t|m|f|e|w|tel|phone|mob|mobile|fax|web|email|e-mail)\s*[:.]\s*\S.{0,80}|[^|\n]{1,60}(?:\s\|\s[^|\n]{1,60}){1,4}|(?:www\.|https?://)\S+|\+?[\d ()-]{7,20})\s*$",
    re.IGNORECASE,
)

_SIG_DASHES = re.compile(r"^\s*--\s*$|^\s*-- \S*$")

_CLOSING = (
    r"(?:kind(?:est)?\s+regards|best\s+regards|warm(?:est)?\s+regards|many\s+regards|regards|best\s+wishes"
    r"|all\s+the\s+best|best|many\s+thanks|thanks?\s+(?:so\s+much|a\s+lot|again|in\s+advance)|thanks|thx"
    r"|thank\s+you(?:\s+(?:so\s+much|very\s+much|in\s+advance|again))?|cheers|sincerely|yours(?:\s+(?:sincerely|faithfully|truly))?"
    r"|take\s+care|speak\s+soon|with\s+thanks|warmly|mit\s+freundlichen\s+gr(?:ü|u|ue)(?:ß|ss)en|freundliche\s+gr(?:ü|u|ue)(?:ß|ss)e"
    r"|viele\s+gr(?:ü|u|ue)(?:ß|ss)e|liebe\s+gr(?:ü|u|ue)(?:ß|ss)e|beste\s+gr(?:ü|u|ue)(?:ß|ss)e|gr(?:ü|u|ue)(?:ß|ss)e|lg|mfg"
    r"|vielen\s+dank(?:\s+im\s+voraus)?|danke(?:\s+sch(?:ö|o)n)?|un\s+saludo|saludos(?:\s+cordiales)?|un\s+abrazo|atentamente"
    r"|(?:muchas\s+)?gracias(?:\s+de\s+antemano)?|cordialement|bien\s+cordialement|bien\s+(?:à|a)\s+vous|merci(?:\s+d'avance|\s+beaucoup)?"
    r"|bonne\s+journ(?:é|e)e|met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groetjes|groeten|alvast\s+bedankt"
    r"|bedankt|dank\s+(?:je|u)(?:\s+wel)?)"
)
# A closing alone on its line, optionally followed on the same line by a short name.
_CLOSING_LINE = re.compile(rf"^\s*{_CLOSING}\s*[,.!]*\s*(?:[,-]?\s*(?-i:[A-Z])[\w.'-]*(?:\s+(?-i:[A-Z&])[\w.'-]*){{0,3}}\s*[.!]?)?\s*$", re.IGNORECASE)
_CLOSING_WORDS = re.compile(rf"^\s*{_CLOSING}\s*[,.!]*\s*$", re.IGNORECASE)
# What a name / role line under a closing looks like: short, no sentence punctuation.
_NAME_LINE = re.compile(r"^\s*[\w&.,'()/ -]{1,48}$")


def clean(text: str) -> str:
    """The customer's own words: no quoted replies, forwarded headers or signatures."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "").replace("\ufeff", "")
    lines = _split_quoted(text.split("\n"))[0]
    lines = _cut_signature(lines)
    out = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", out)


def quoted_part(text: str) -> str:
    """The earlier messages a reply quotes (its '>' lines and what follows a quote or forward header)."""
    if not text:
        return ""
    return "\n".join(_split_quoted(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))[1]).strip()


def _split_quoted(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the writer's lines, the quoted ones): '>' lines and everything after the first quote or forward header."""
    kept: list[str] = []
    quoted: list[str] = []
    for i, line in enumerate(lines):
        joined = (line + " " + lines[i + 1]) if i + 1 < len(lines) else line
        if _QUOTE_START.match(line) or (_QUOTE_START.match(joined) and not line.strip().endswith((".", "?", "!"))
                                       and re.match(r"^\s*(?:on|el|am|le|op|il)\s", line, re.IGNORECASE)):
            return kept, quoted + lines[i:]
        if _HEADER_FROM.match(line) and any(_HEADER_NEXT.match(n) for n in lines[i + 1 : i + 5]):
            return kept, quoted + lines[i:]
        if line.lstrip().startswith(">"):
            quoted.append(line.lstrip()[1:])
            continue
        kept.append(line)
    return kept, quoted


def _cut_signature(lines: list[str]) -> list[str]:
    """Drop the signature: '--' blocks, device taglines and a closing followed by a name."""
    for i, line in enumerate(lines):
        if _SIG_DASHES.match(line) or _DEVICE_LINE.match(line) or (i > 0 and _BOILERPLATE.match(line)):
            lines = lines[:i]
            break
    body = [i for i, line in enumerate(lines) if line.strip()]
    if len(body) < 2:
        return lines  # a lone "Thanks!" is the message itself, not a sign-off
    # Look for the closing among the last few non-empty lines; what follows must look like a name.
    for idx in reversed(body[-4:]):
        line = lines[idx]
        tail = [lines[j] for j in body if j > idx]
        if not _CLOSING_LINE.match(line):
            continue
        if any(not (_NAME_LINE.match(t) or _CONTACT_LINE.match(t)) or t.strip().endswith("?") for t in tail):
            continue
        contacts = sum(1 for t in tail if _CONTACT_LINE.match(t) and not _NAME_LINE.match(t))
        if len(tail) - contacts > (2 if _CLOSING_WORDS.match(line) else 1):
            continue
        if any(j < idx for j in body):
            return lines[:idx]
    return lines
