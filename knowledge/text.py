"""Text normalisation for routing: the same pipeline reads registry entries and incoming messages.

    raw Slack text
      -> clean()     Slack markup, emoji codes, @handles and bare URLs removed; link and channel
                     labels kept; hashtags split on camel case (#FuiteDeDonnees -> Fuite De Donnees)
      -> words()     lower-case, accent-folded words; French elisions cut (l', d', qu'); chat and
                     business abbreviations expanded (svp, pb, cb, asap); numbers dropped
      -> analyse()   content tokens only (no stop words or question frame), each with its stems

Messages mix French and English, often inside one sentence, so a word is not assigned a language:
each token carries both its French and its English Snowball stem, and two tokens match when
their stem sets meet ("journaliste" and "journalist" share ``journalist``). Everything is folded
before stemming, so a word typed without its accents stems like the accented one (stems:
``knowledge.stemming``).
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache

from knowledge.stemming import light_stem, stems
from knowledge.wordlists import (
    ABBREVIATIONS,
    ACRONYMS,
    ENGLISH_STOP_WORDS,
    FIXED_EXPRESSIONS,
    HELD_ABOUT,
    HELD_ABOUT_WORD,
    FRENCH_STOP_WORDS,
    QUESTION_FRAME_WORDS,
    TIME_AND_NUMBER_WORDS,
    WEAK_WORDS,
)

STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS | QUESTION_FRAME_WORDS | TIME_AND_NUMBER_WORDS

_USER_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL_MENTION = re.compile(r"<!(?:[^>|]*)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^>|]*)(?:\|([^>]*))?>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_DOMAIN_SUFFIX = re.compile(r"(?<=\w)\.(?:com|fr|net|org|io|co|eu|be|ch|ca|info|biz|app)\b",
                            re.IGNORECASE)
# the same without its look-behind, which the regex engine tries at every position: a quick test
_DOMAIN_DOT = re.compile(r"\.(?:com|fr|net|org|io|co|eu|be|ch|ca|info|biz|app)\b", re.IGNORECASE)
_EMOJI_CODE = re.compile(r":(?=[a-z0-9_+\-']*[a-z])[a-z0-9_+\-']+:(?::skin-tone-\d:)?")
_HANDLE = re.compile(r"(?<![\w@.])@\w+")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
# The name after "arrêt", "station", "rue"… is where, not what: "l'arrêt Mairie" is about a bus
# stop, not the town hall; "station Gare", "place de la République", "rue de la Paix" likewise.
_PLACE_WORDS = ("arret", "arrêt", "station", "gare", "rue ", "avenue", "boulevard", "bd ", "place", "quai", "allée",
                "allee", "impasse", "square", "parvis", "rond-point", "porte", "terminus")


def _may_name_a_place(text: str) -> bool:
    """A quick test before the place-name regex: the text has the start of a place noun."""
    lowered = text.lower()
    return any(word in lowered for word in _PLACE_WORDS)


# a name in Title Case, of up to three words: a text in capitals keeps its words ("GARE DE LYON UN
# HOMME ARMÉ"), and so do codes and acronyms ("porte A12", "place PMR")
_PLACE_NAME = re.compile(r"\b((?i:arr[eê]ts?|stations?|gares?|rue|avenue|boulevard|bd|place|quai|all[ée]e|impasse|square|"
                         r"parvis|rond-point|porte|terminus))\s+(?:(?:de|du|des|la|le|les|d'|l')\s*){0,2}"
                         r"[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*(?:\s+(?:(?:de|du|des|la|le|les|d'|l')\s*){0,2}[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*){0,2}")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_CAMEL_PART = re.compile(r"[^\W\d_a-zà-ÿ]+(?=[^\W\d_a-zà-ÿ][a-zà-ÿ])|[^\W\d_a-zà-ÿ]?[a-zà-ÿ]+"
                         r"|[^\W\d_a-zà-ÿ]+|\d+")
_ACRONYM = re.compile(r"\b(" + "|".join(map(re.escape, ACRONYMS)) + r")\b")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'(?=\w)")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
LONGEST_WORD = 40  # characters; French and English words stop at about 25 ("anticonstitutionnellement")
# "mise à jour" (update) is one word in meaning, but "jour" alone is a time word and "à" a stop word
_UPDATE = re.compile(r"\b(?:mise|mises|mis|mettre|mettez|mets|met)\s+a\s+jour\b")
# "se fait passer pour" (poses as) is one word in meaning too: "fait" and "pour" are stop words,
# and "passer" alone is everyday ("passer une commande", "passer par un livreur")
_POSING_VERBS = r"(?:fait|faisant|font|faire|faisait|faisaient|fera|feront)"
_POSING = re.compile(rf"\b{_POSING_VERBS}\s+passer\s+pour\b")
_FOLD = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "‘": "'",
                       "`": "'", "´": "'", "ʼ": "'", "‑": "-", "–": " ", "—": " "})
_FOLD_PAIRS = tuple((chr(code), folded) for code, folded in _FOLD.items())
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_ENGLISH_CONTRACTIONS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})



@dataclass(frozen=True, slots=True)
class Token:
    """One content word of a text: its folded form, its stems, and whether it is a weak word."""

    word: str
    keys: tuple[str, ...]
    weak: bool = False
    light: tuple[str, ...] = ()  # its inflection-only stem (see light_stem)


def fold(text: str) -> str:
    """Lower-case ``text``, remove accents and ligatures, turn other symbols into spaces."""
    if not text.isascii() or "`" in text:
        # what text.translate(_FOLD) does, for the few characters present (no replacement
        # contains a character replaced, so one at a time is the same)
        for char, folded in _FOLD_PAIRS:
            if char in text:
                text = text.replace(char, folded)
    text = text.lower()
    if text.isascii():
        return text
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_ASCII.sub(" ", text)


def _split_hashtag(match: re.Match[str]) -> str:
    parts = _CAMEL_PART.findall(match.group(1).replace("_", " "))
    return " " + " ".join(parts) + " " if parts else " "


@lru_cache(maxsize=512)
def clean(text: str) -> str:
    """Remove Slack markup, emoji codes, @handles and URLs; keep link labels; split hashtags."""
    if "<" in text:
        text = _USER_MENTION.sub(" ", text)
        text = _CHANNEL_MENTION.sub(lambda m: f" {m.group(1) or ''} ", text)
        text = _SPECIAL_MENTION.sub(lambda m: f" {m.group(1) or ''} ", text)
        text = _LINK.sub(lambda m: f" {m.group(2) or ''} ", text)
    if "&" in text:
        text = html.unescape(text)
    if "://" in text or "www." in text:
        text = _BARE_URL.sub(" ", text)
    if ":" in text:
        text = _EMOJI_CODE.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(_split_hashtag, text)
    if "." in text and _DOMAIN_DOT.search(text):
        text = _DOMAIN_SUFFIX.sub(" ", text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)  # a zero-width space inside a word ("porte\u200bfeuille")
    if _may_name_a_place(text):
        text = _PLACE_NAME.sub(r"\1", text)
    return " ".join(text.split())


def _expand(word: str) -> list[str]:
    expansion = ABBREVIATIONS.get(word)
    if expansion is None:
        return [word]
    return _WORD.findall(_ELISION.sub("", expansion.replace("-", " ")))


# French words that their accents alone keep from another word: an English function word ("thèse"
# is no "these", "thé" no "the"), or a brand ("c'est marqué ouvert sur Google" says, it names no
# "marque"): spelt so that folding does not turn them into it
_ACCENTED_WORDS = {"thèse": "thesefr", "thèses": "thesefr", "thé": "thefr", "thés": "thefr",
                   "marqué": "marquefr", "marquée": "marquefr", "marqués": "marquefr", "marquées": "marquefr"}
_ACCENTED_NOT_ENGLISH = re.compile(r"\b(?:" + "|".join(_ACCENTED_WORDS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=512)
def prepare(text: str) -> str:
    """``text`` cleaned, with ambiguous acronyms spelt out, folded: what every rule reads.

    Cached, so the router and the severity rules share one preparation of the same message.
    """
    cleaned = clean(text)
    for acronym in ACRONYMS:  # the regex only when one of them is there at all
        if acronym in cleaned:
            cleaned = _ACRONYM.sub(lambda m: f" {ACRONYMS[m.group(1)]} ", cleaned)
            break
    if not cleaned.isascii():
        cleaned = _ACCENTED_NOT_ENGLISH.sub(lambda m: _ACCENTED_WORDS[m.group(0).lower()], cleaned)
    folded = fold(cleaned)
    if " a jour" in folded:
        folded = _UPDATE.sub("miseajour", folded)
    return _POSING.sub("sefaitpasserpour", folded) if "passer pour" in folded else folded


def words(text: str) -> list[str]:
    """Folded words of ``text`` after cleaning, elision cutting and abbreviation expansion."""
    out: list[str] = []
    for raw in raw_words(text):
        out.extend(_words_of(raw))
    return out


def raw_words(text: str) -> list[str]:
    """The words of ``text`` as written after preparation and elision cutting, before
    abbreviations are expanded and stop words left out (see ``raw_tokens``)."""
    folded = prepare(text)
    folded = _FIXED.sub(_glued, folded)
    if "'" in folded:  # elisions need an apostrophe
        folded = _ELISION.sub("", folded)
    if "-" in folded:
        folded = _PARTICLE_COMPOUND.sub(r"\1\2", folded)
    return _WORD.findall(folded.replace("-", " ").replace("_", " "))


# an English compound of a verb and its particle is one word, written solid or hyphenated
# ("burn-out" is "burnout", "check-in" "checkin"): split, the particle, a stop word, would vanish
# and leave the verb alone ("burn", a burn). Not "-on", which is French inversion too ("peut-on").
_PARTICLE_COMPOUND = re.compile(r"\b([^\W\d_]{2,})-(out|in|up|off|down|over|back|away)\b", re.IGNORECASE)


def spaced_form(term: str) -> str | None:
    """A registry term with a verb hyphenated to its particle, as people also write it spaced
    ("online check-in" -> "online check in", read "online check"), or None: a registry keyword
    matches both ways, while the built-in thesaurus keeps only the joined one ("burn-out" is not
    a burn)."""
    return _PARTICLE_COMPOUND.sub(r"\1 \2", term) if "-" in term and _PARTICLE_COMPOUND.search(term) else None


_FIXED = re.compile(r"\b(?:" + "|".join(FIXED_EXPRESSIONS) + r")\b")


_NOT_LETTERS = re.compile(r"[^a-z]+")
_HELD_ABOUT = re.compile(HELD_ABOUT)


def _glued(match: re.Match[str]) -> str:
    """A fixed expression as one word, its words joined by zeros ("en train d'" -> "en0train0d"):
    no stemmer cuts it and no typo of a real word reads as it ("menace d'" is not "menaced");
    what one holds about a person is one word however it is said (``HELD_ABOUT_WORD``)."""
    expression = match.group(0).strip(" '")
    if _HELD_ABOUT.fullmatch(expression):
        return f" {HELD_ABOUT_WORD} "
    return " " + _NOT_LETTERS.sub("0", expression) + " "


def _words_of(raw: str) -> list[str]:
    """The words one raw word of a text stands for (none, itself, or its parts and expansions)."""
    if len(raw) > LONGEST_WORD:  # no word of either language: a hash, base64, a key held down
        return []
    if "'" not in raw and raw not in ABBREVIATIONS:
        return [raw] if len(raw) > 1 and not raw[0].isdigit() else []
    out: list[str] = []
    parts = raw.split("'")
    if len(parts) > 1 and parts[1] in _ENGLISH_CONTRACTIONS:
        if parts[1] == "t":  # "don't", "isn't": a negation, no content ("don" is a French gift)
            return ["not"]
        parts = parts[:1]
    for part in parts:
        out.extend(w for w in _expand(part) if len(w) > 1 and not w[0].isdigit())
    return out


def expansions(term: str) -> list[list[str]]:
    """The content words of each abbreviation in ``term`` that stands for several ("DSI" ->
    direction, systemes, information; "SI", an acronym spelt out in capitals only, too), leaving
    out any word the term also writes in full, in any form ("Système d'information (DSI)")."""
    cleaned = clean(term)
    capitals = _ACRONYM.findall(cleaned)
    raws = raw_words(_ACRONYM.sub(" ", cleaned) if capitals else term)
    written = {k for raw in raws if raw not in ABBREVIATIONS for w in _words_of(raw) for k in stems(w)}
    spelt = [[w for raw in raw_words(ACRONYMS[acronym]) for w in _words_of(raw)] for acronym in capitals]
    spelt += [_words_of(raw) for raw in raws if raw in ABBREVIATIONS]
    out = []
    for group in spelt:
        content = [w for w in group if w not in STOP_WORDS and written.isdisjoint(stems(w))]
        if len(content) > 1:
            out.append(content)
    return out


def is_stop_word(word: str) -> bool:
    """True for function words and question-frame words of either language."""
    return word in STOP_WORDS


@lru_cache(maxsize=65536)
def token(word: str) -> Token:
    """The token of one folded content word (cached: a vocabulary is small)."""
    return Token(word, stems(word), word in WEAK_WORDS, (light_stem(word),))


def analyse(text: str) -> list[Token]:
    """Content tokens of ``text`` in order, each with its stems; stop words are left out."""
    return list(_analysed(text))


_WRITTEN_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,4}")


def acronym_key(word: str) -> str:
    """The key of a registry acronym ("CRE"): only the same word, in any case, meets it, not a
    word that merely stems like it ("créer", "crée")."""
    return "=" + word


def acronym_of(token: Token) -> str | None:
    """The word of a token ``term_tokens`` keyed as an acronym, else None."""
    return token.word if token.keys == (acronym_key(token.word),) else None


def term_tokens(term: str, is_word: Callable[[str], bool]) -> list[Token]:
    """``analyse(term)`` for a registry term, except that a term written as an acronym of two to
    five capitals ("CRE", "ARS") is keyed by its own word only (``acronym_key``), unless it
    stands for other words ("IT", "SAV") or ``is_word`` says it is a word in capitals ("TARIF")."""
    tokens = analyse(term)
    written = term.strip()
    if len(tokens) == 1 and _WRITTEN_ACRONYM.fullmatch(written) and tokens[0].word == written.lower() \
            and not is_word(tokens[0].word):
        token = tokens[0]
        return [Token(token.word, (acronym_key(token.word),), token.weak, token.light)]
    return tokens


@lru_cache(maxsize=4096)
def _analysed(text: str) -> tuple[Token, ...]:
    # cached: building a router reads each registry text several times, and routing a message
    # reads it for matching and for the registry's severity keywords
    out: list[Token] = []
    known = _RAW_TOKENS
    for raw in raw_words(text):
        tokens = known.get(raw)
        out.extend(raw_tokens(raw) if tokens is None else tokens)
    return tuple(out)


_RAW_TOKENS: dict[str, tuple[Token, ...]] = {}  # raw word -> its content tokens (a vocabulary)


def raw_tokens(raw: str) -> tuple[Token, ...]:
    """The content tokens one raw word stands for (cached): ``analyse`` of a text is theirs,
    raw word after raw word."""
    tokens = _RAW_TOKENS.get(raw)
    if tokens is None:
        if len(_RAW_TOKENS) >= 65536:
            _RAW_TOKENS.clear()
        tokens = _RAW_TOKENS[raw] = tuple(token(w) for w in _words_of(raw) if w not in STOP_WORDS)
    return tokens


def normalise(text: str) -> str:
    """The content words of ``text``, folded and space-separated: a stable key for the text."""
    return " ".join(t.word for t in analyse(text))


_fold_word = lru_cache(maxsize=65536)(fold)
_RAW_WORD = re.compile(r"(?i:\b(?:mise|mises|mis|mettre|mettez|mets|met)\s+[aà]\s+jour\b)"
                       rf"|(?i:\b{_POSING_VERBS}\s+passer\s+pour\b)|[^\W_]+(?:['’\-][^\W_]+)*")
_UPDATE_WRITTEN = frozenset(f"{verb} {a} jour" for verb in ("mise", "mises", "mis", "mettre", "mettez", "mets", "met")
                            for a in ("a", "à"))
_RAW_PARTS = re.compile(r"['’\-]")


def spelling(text: str) -> dict[str, str]:
    """Each word ``words(text)`` yields -> how the text writes it (lower case, accents kept), for
    explanations; an abbreviation's expansion maps to the abbreviation ("carte" -> "cb")."""
    out: dict[str, str] = {}
    for word, written in spellings(text):
        out.setdefault(word, written)
    return out


def as_written(text: str, words: Collection[str]) -> dict[str, str]:
    """How ``text`` writes each of these folded ``words`` (those it has), reading it only as far as needed."""
    wanted = set(words)
    written: dict[str, str] = {}
    for word, spelt in spellings(text):
        if word in wanted and word not in written:
            written[word] = spelt
            if len(written) == len(wanted):
                break
    return written


def spellings(text: str) -> Iterator[tuple[str, str]]:
    """(word, how the text writes it) in the text's order, as ``spelling`` reads them; for a
    caller that needs only a few words' spellings."""
    known = _SPELT
    cleaned = clean(text)
    raws = _RAW_WORD.findall(cleaned)
    fixed = _fixed_spans(raws) if _FIXED.search(fold(cleaned)) else {}
    skip = 0
    for at, raw in enumerate(raws):
        if skip:
            skip -= 1
            continue
        span = fixed.get(at)
        if span is not None:  # a fixed expression: one word, written as the text writes it
            skip = span[0] - 1
            yield span[1], " ".join(r.lower() for r in raws[at:at + span[0]])
            continue
        pairs = known.get(raw)
        if pairs is None:
            if len(known) >= 65536:
                known.clear()
            pairs = known[raw] = tuple(_spellings_of(raw))
        yield from pairs


_SPELT: dict[str, tuple[tuple[str, str], ...]] = {}  # raw word -> its spellings (a vocabulary)


def _fixed_spans(raws: list[str]) -> dict[int, tuple[int, str]]:
    """Where the raw words of a text say a fixed expression: first word's position -> (how many
    words, the expression as one word), as ``raw_words`` glues it. An expression that ends inside
    a word ("menace d'" of "d'arrêter") is not kept: explanations then show it with spaces for zeros."""
    folded = [_fold_word(raw) for raw in raws]
    starts, ends, at = [], [], 0
    for word in folded:
        starts.append(at)
        ends.append(at + len(word))
        at += len(word) + 1
    first = {offset: i for i, offset in enumerate(starts)}
    last = {offset: i for i, offset in enumerate(ends)}
    spans: dict[int, tuple[int, str]] = {}
    for match in _FIXED.finditer(" ".join(folded)):
        begin, stop = first.get(match.start()), last.get(match.end() - (match.group(0).endswith(" ")))
        if begin is not None and stop is not None and stop > begin:
            spans[begin] = (stop - begin + 1, _glued(match).strip())
    return spans


def _spellings_of(raw: str) -> Iterator[tuple[str, str]]:
    """(word, how it is written) for one raw word of a text."""
    if raw.lower() in _UPDATE_WRITTEN:
        yield "miseajour", raw.lower()
        return
    if " passer pour" in raw.lower() and _POSING.fullmatch(" ".join(raw.lower().split())):
        yield "sefaitpasserpour", raw.lower()
        return
    if "-" in raw:  # a verb and its particle are one word ("burn-out"), as raw_words joins them
        raw = _PARTICLE_COMPOUND.sub(lambda m: f"{m.group(1)}\0{m.group(2)}", raw)
    for part in _RAW_PARTS.split(raw) if "'" in raw or "’" in raw or "-" in raw else (raw,):
        if "\0" in part:
            yield _fold_word(part.replace("\0", "")), part.replace("\0", "-").lower()
            continue
        accented = _ACCENTED_WORDS.get(part.lower())  # "thèse", read as "thesefr" (see prepare)
        folded = accented or _fold_word(part)
        expansion = ABBREVIATIONS.get(folded)
        if expansion:
            for word in _WORD.findall(expansion):
                yield word, part.lower()
        else:
            yield folded, part.lower()
