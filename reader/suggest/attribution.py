"""Who said it: the ordered table of attribution rules, tried for each quote in turn.

For each quote the sentence around it is split into the text *before* the quote (from
the sentence start or the previous quote) and *after* it (to the next quote or the
sentence end). :data:`ATTRIBUTION_RULES` lists the rules in the order they are tried;
the first that finds a speaker decides, and :class:`Attribution` records its name (the
bench counts what each rule decides and names the rule of each miss):

1. *after the quote, ending open* - "SUBJECT VERB" or "VERB SUBJECT" right behind a
   quote that ends with a comma, "?" or "!" (``"…," he told AFP``, ``"…," said Mayor
   Jane Hill``).
2. *before the quote* - the last speech verb before it ("said", "wrote that", "said:")
   or "according to X"; its subject is found by :func:`subjects.subject_before`.
   Tried just before it, *accused of* (2a): a quote right after "accused X of" is the
   accuser's words (the subject of the sentence's speech verb, else of "accused").
3. *after the quote* - as 1, for a quote that ends otherwise, when nothing before it
   names a speaker.
4. *sentence end* - a sentence that ends with an attribution (``…, a ministry statement
   said.``) gives it to every quote in the sentence.
5. *colon paragraph* - a quote opening its paragraph after a paragraph that ends with a
   colon ("The ECDC said in its latest risk assessment:").
6. *sentence subject* - a partial quote in a sentence with no speech verb, whose subject
   is a person ("Declaring the result, Marchbank thanked counting staff "who …"").
7. *sentence before* - a quote that is a sentence of its own, after a sentence of the
   same paragraph that opens with a person or ends with an attribution.
8. *paragraph before* - a paragraph that is only a quote, right after a paragraph whose
   last sentence (no quote in it) is a person's reported speech ("Inspector Millar added
   that …") or has a person as its subject, is that person's: the nearest person named
   (where rule 9 cannot apply, or someone else was named since the previous quote).
9. *continues the previous quote* - a split quote, or a paragraph of quote after a
   quoted paragraph, has the previous quote's speaker.

A *weak* quote (one or two words, or written like a title) tries only rules 1-3 and is
kept only when one of them attaches a speaker to it; a headline quote is given the
speaker of the body quote that says its words (:func:`echoes_of`). Every speaker
gets its final form (:mod:`reader.suggest.speaker_form`).

Subjects are resolved by :class:`speakers.SpeakerResolver` (titles stripped, surnames to
full names, he/she to the last person named, "the ministry" to the organisation).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from reader.model import Article
from reader.model.lexicon import alternation
from reader.suggest.guard import skipped_on_error
from reader.suggest.lexicon import BREAKS, PEOPLE_GROUPS, VERB_RE
from reader.suggest.names import Name, find_names, is_org
from reader.suggest.people import is_person_noun
from reader.suggest.quotes import QUOTE_MARKS, QuoteSpan, QuoteTable, first_paragraph
from reader.suggest.speaker_form import VERB_FORMS, clean_name, whole_description
from reader.suggest.speakers import SpeakerResolver
from reader.suggest.subjects import (
    ACCORDING,
    ACCORDING_HEAD,
    NAME_COLON,
    Subject,
    clause_subject,
    last,
    plural_people_before,
    subject_after,
    subject_after_unknown_verb,
    subject_at_end,
    subject_before,
    subject_sentence_end,
    unlisted_verb_first,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A quote's speaker, ``how`` (the words the suggestion's reason gives) and ``rule``
    (the name in :data:`ATTRIBUTION_RULES` of the rule that decided; ``None`` when no
    rule found a speaker)."""

    quote: QuoteSpan
    speaker: str | None
    how: str
    rule: str | None


_ACCORDING_AFTER = re.compile(r"[\s,'\"\u2019\u201d]*according to\b")

# not a verb of a relative clause: "…, at least 35 of whom the IDF has confirmed"
_RELATIVE_BEFORE = re.compile(r"\b(?:whom|which|whose)\b")

# a relative clause whose pronoun is the object, with a subject of its own before the
# verb: "which critics describe as", "which the union called"
_RELATIVE_WITH_SUBJECT = re.compile(
    rf"\b(?:which|whom)[ \t]+(?:(?:{alternation(PEOPLE_GROUPS)})|the[ \t]+[a-z]+)[ \t]+$"
)

# an indirect question or a condition: "Asked whether Dale said anything, the chief …"
_QUESTION_BEFORE = re.compile(r"\b(?:whether|if)\b", re.IGNORECASE)
# a relative clause with a speech verb right before a partial quote: ", who has
# repeatedly accused her of "
_WHO_SAID = re.compile(r",[ \t]+who[ \t]+(?P<clause>[a-z][^,.;:\"\u201c\u2018']{0,80})$")


def _speech_clause(clause: str) -> bool:
    """A relative clause whose verb, after an auxiliary and one adverb at most, is a
    speech verb ("has repeatedly accused her of", "once called it")."""
    words = clause.split()
    if words and words[0] in ("has", "had", "have"):
        words = words[1:]
    return any(word in VERB_FORMS for word in words[:2])


# a verb form used as a noun: "wrote in a note to clients", "the claim that"
# a translation in brackets right after a quote in another language
_GLOSS_AFTER = re.compile(r"[ \t]*\([^()\n]{2,200}\)")

_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|this|that|his|her|its|their|our|my|your)[ \t]+$")

#: A rule's answer: the speaker (``None``: not found) and how it was found.
Decision = tuple[str | None, str]
NOT_FOUND: Decision = (None, "")


class QuoteContext:
    """What the rules know about one quote: where the text before and after it lies, the
    previous quote and its speaker, and the subjects around it (found once, when a rule
    first asks)."""

    def __init__(
        self,
        resolver: SpeakerResolver,
        article: Article,
        quote: QuoteSpan,
        span: tuple[int, int, int],
        previous: tuple[QuoteSpan, str | None] | None,
    ) -> None:
        self.resolver = resolver
        self.article = article
        self.text = article.text
        self.quote = quote
        self.pre_start, self.post_start, self.post_end = span
        self.previous = previous

    @cached_property
    def after(self) -> Subject | None:
        """The attribution right after the quote (only after a closed quote); after a
        quote that ends open, a verb the lists do not know counts in the attribution's
        shape (``"…," Reed quipped``, ``"…," implored Dana Reed``)."""
        if not self.quote.closed:
            return None
        start, end = self.post_start, self.post_end
        gloss = _GLOSS_AFTER.match(self.text, start)
        if gloss is not None:  # '"Saan napunta ang pera?" (Where did the money go?) X asked'
            start = gloss.end()
            index = self.article.sentence_index_at(start + 1)
            if index is not None:  # the gloss's own "?" may have ended the sentence
                end = max(end, self.article.sentences[index].end)
            next_open = bisect.bisect_right(self.resolver.quote_opens, self.quote.open)
            if next_open < len(self.resolver.quote_opens):
                end = min(end, self.resolver.quote_opens[next_open])
        found = subject_after(self.text, start, end)
        if self.ends_open and (found is None or unlisted_verb_first(self.text, start, end)):
            # '"…," Yadav alleged, a charge the SP said …': the slot right after the quote
            found = subject_after_unknown_verb(self.text, start, end) or found
        return found

    @cached_property
    def ends_open(self) -> bool:
        """The quote ends with a comma, "?", "!" or a dash: its attribution follows."""
        quote, text = self.quote, self.text
        inner_end = text[quote.end : quote.close + 1]
        return "," in inner_end or text[quote.end - 1] in "?!\u2014-"

    @cached_property
    def after_decides(self) -> bool:
        """The attribution after an open quote decides, unless it is "according to X"
        after a partial quote whose clause has a speaker of its own ("Vale told
        colleagues the administration had "lost the week," according to two people"):
        X is the source of the report, the speaker is Vale."""
        if self.after is None or not self.ends_open:
            return False
        partial = self.text[self.quote.start : self.quote.start + 1].islower()
        according = _ACCORDING_AFTER.match(self.text, self.post_start)
        return not (partial and according and self.before is not None)

    @cached_property
    def before(self) -> Subject | None:
        """The subject of the last speech verb (or "according to") before the quote."""
        return subject_of_clause(self.text, self.pre_start, self.quote.open)


def subject_of_clause(text: str, start: int, quote_open: int) -> Subject | None:
    """The speaker the clause ``text[start:quote_open]`` before a quote names: "according
    to X", the subject of its last speech verb, a name alone before a colon, or the
    subject of a clause ending in a colon."""
    clause = text[start:quote_open]
    according = ACCORDING.search(clause) or ACCORDING_HEAD.match(clause)
    if according:  # "…, according to X:" / "According to X, an analyst at Y, the …"
        inner = start + according.start("subj")
        return subject_at_end(according.group("subj"), inner) or Subject(
            "generic", according.group("subj"), inner
        )
    verb = last(
        v
        for v in VERB_RE.finditer(text, start, quote_open)
        if (
            not _RELATIVE_BEFORE.search(
                text, max(start, text.rfind(",", start, v.start())), v.start()
            )
            # "… but which critics describe as '…'": the clause has a subject of its own
            or _RELATIVE_WITH_SUBJECT.search(text, max(start, v.start() - 40), v.start())
        )
        and not _NOUN_BEFORE.search(text, max(start, v.start() - 6), v.start())
        and not _QUESTION_BEFORE.search(
            text, max(start, text.rfind(",", start, v.start())), v.start()
        )
    )
    if verb is None:
        colon = NAME_COLON.search(clause)  # "Netanyahu:" - a name alone before it
        if colon:
            names: list[Name] = find_names(text, start + colon.start("who"), quote_open)
            if names:
                return Subject("name", names[-1].text, names[-1].start)
        if clause.rstrip().endswith(":"):
            # "The UN's coordinator for Sudan, Aminata Diallo, issued a warning on Monday:"
            return clause_subject(text, start, start + len(clause.rstrip()) - 1)
        return None
    return subject_before(text, start, verb.start()) or plural_people_before(
        text, start, verb.start()
    )


def after_open_end(ctx: QuoteContext) -> Decision:
    """Rule 1: the attribution right after a quote that ends open."""
    after = ctx.after
    if after is not None and ctx.after_decides:
        return ctx.resolver.resolve(after), "after the quote"
    return NOT_FOUND


# "accused the council of '…'": the accusation's words right after "accused X of"
_ACCUSED_OF = re.compile(
    r"\b(?:accused|accuses|accusing)[ \t]+(?:[\w'\u2019-]+[ \t]+){1,6}?of[ \t]*$"
)


def accused_of(ctx: QuoteContext) -> Decision:
    """Rule 2a (tried before rule 2): a quote right after "accused X of" is the accuser's
    words ("Y accused the council of 'managed decline'", "… said … and accused union
    officials of "politicising""): the subject of the sentence's speech verb, else of
    "accused"."""
    text, article, quote = ctx.text, ctx.article, ctx.quote
    accused = _ACCUSED_OF.search(text, max(ctx.pre_start, quote.open - 80), quote.open)
    if accused is None or re.search(
        r"\bwho[ \t]+(?:\w+[ \t]+){0,2}$", text[max(0, accused.start() - 30) : accused.start()]
    ):  # "…, who has accused her of": the relative clause's person (rule 6)
        return NOT_FOUND
    sentence = article.sentences[article.sentence_index_at(quote.open) or 0]
    subject = ctx.before or subject_before(
        text, max(sentence.start, ctx.pre_start), accused.start()
    )
    if subject is None:
        return NOT_FOUND
    return ctx.resolver.resolve(subject), "accused of"


def before_quote(ctx: QuoteContext) -> Decision:
    """Rule 2: the subject of the last speech verb before the quote (not tried when rule
    1 applied, even if it found no speaker)."""
    if ctx.after_decides:
        return NOT_FOUND
    if ctx.before is not None:
        return ctx.resolver.resolve(ctx.before), "before the quote"
    return NOT_FOUND


def after_quote(ctx: QuoteContext) -> Decision:
    """Rule 3: the attribution right after the quote, when nothing before it names one."""
    if ctx.after is not None and not ctx.ends_open and ctx.before is None:
        return ctx.resolver.resolve(ctx.after), "after the quote"
    return NOT_FOUND


def sentence_end(ctx: QuoteContext) -> Decision:
    """Rule 4: an attribution that ends the quote's sentence (``…, a ministry statement
    said.``), after the quote."""
    text, article, quote = ctx.text, ctx.article, ctx.quote
    s_end = article.sentences[article.sentence_index_at(max(quote.close, 0)) or 0]
    subject = subject_sentence_end(text, s_end.start, s_end.end)
    if subject is not None and subject.at > quote.close:
        return ctx.resolver.resolve(subject), "sentence end"
    return NOT_FOUND


def colon_paragraph(ctx: QuoteContext) -> Decision:
    """Rule 5: a quote that opens its paragraph after a paragraph ending in a colon ("The
    ECDC said in its latest risk assessment:") is introduced by that paragraph's last
    sentence."""
    text, article, quote = ctx.text, ctx.article, ctx.quote
    line_start = text.rfind("\n", 0, quote.open) + 1
    if line_start == 0 or text[line_start : quote.open].strip():
        return NOT_FOUND
    colon = line_start - 1  # back over the blank lines to the paragraph before
    while colon > 0 and text[colon].isspace():
        colon -= 1
    if text[colon] != ":":
        return NOT_FOUND
    sentence = article.sentences[article.sentence_index_at(colon) or 0]
    subject = subject_of_clause(text, max(sentence.start, colon - 400), colon + 1)
    if subject is None:
        return NOT_FOUND
    speaker = ctx.resolver.resolve(subject)
    return speaker, "introduced by the paragraph before" if speaker else ""


def paragraph_before(ctx: QuoteContext) -> Decision:
    """Rule 8: a quote that is its paragraph's whole, with no speaker found by the rules
    before, right after a paragraph whose last sentence (with no quote in it) is a
    person's reported speech ("Inspector Millar added that there was no place for it." /
    "'I would appeal to anyone …'") or is about a person named as its subject ("Cllr
    Jones, who leads the opposition, disagreed." / "'This will bankrupt the town.'"), is
    that person's: the nearest person named, not an earlier quote's speaker."""
    text, article, quote = ctx.text, ctx.article, ctx.quote
    line_start = text.rfind("\n", 0, quote.open) + 1
    if line_start == 0 or text[line_start : quote.open].strip():
        return NOT_FOUND
    line_end = text.find("\n", quote.close)
    if text[quote.close + 1 : len(text) if line_end < 0 else line_end].strip(" \t.,"):
        return NOT_FOUND  # something follows the quote in its paragraph
    end = line_start - 1  # back over the blank lines to the paragraph before
    while end > 0 and text[end].isspace():
        end -= 1
    if end <= 0 or text[end] not in ".!?":
        return NOT_FOUND
    sentence = article.sentences[article.sentence_index_at(end) or 0]
    opens = ctx.resolver.quote_opens  # a quote in that sentence: continuation's business
    nearest = bisect.bisect_left(opens, quote.open) - 1
    if nearest >= 0 and opens[nearest] >= sentence.start:
        return NOT_FOUND
    verb = next(VERB_RE.finditer(text, sentence.start, end), None)
    if verb is not None:
        subject = subject_before(text, sentence.start, verb.start())
    else:
        subject = clause_subject(text, sentence.start, end)
    if subject is None or subject.kind not in ("name", "pronoun"):
        return NOT_FOUND
    if subject.kind == "name" and not _person_subject(ctx.resolver, subject):
        return NOT_FOUND
    speaker = ctx.resolver.resolve(subject)
    return speaker, "the subject of the paragraph before" if speaker else ""


def _person_subject(resolver: SpeakerResolver, subject: Subject) -> bool:
    """A name subject that is a registered person."""
    bare, _ = resolver.strip(subject.text)
    return resolver.registry.is_person(resolver.canonical(bare))


def sentence_subject(ctx: QuoteContext) -> Decision:
    """Rule 6: a partial quote in a sentence with no speech verb, whose subject is a
    person ("Declaring the result, Marchbank thanked counting staff "who have …"")."""
    text, article, quote = ctx.text, ctx.article, ctx.quote
    sentence = article.sentences[article.sentence_index_at(quote.open) or 0]
    opens = ctx.resolver.quote_opens  # an earlier quote of the sentence (not a title's
    earlier = bisect.bisect_left(opens, quote.open) - 1  # marks: "on "Capitol Week,"")
    if not text[sentence.start : quote.open].strip() or (
        earlier >= 0 and opens[earlier] >= sentence.start
    ):
        return NOT_FOUND
    who = _WHO_SAID.search(text, sentence.start, quote.open)
    if who is not None and _speech_clause(who.group("clause")):
        # "…her opponent, Gov. Richard Delgado, who has accused her of "…"": the person
        # the relative clause with the speech verb is about
        for name in reversed(find_names(text, sentence.start, who.start())):
            antecedent = Subject("name", name.text, name.start)
            if _person_subject(ctx.resolver, antecedent):
                speaker = ctx.resolver.resolve(antecedent)
                return speaker, "the subject of the relative clause" if speaker else ""
    subject = clause_subject(text, sentence.start, quote.open)
    if subject is None or subject.kind not in ("name", "pronoun"):
        return NOT_FOUND
    if subject.kind == "name" and not _person_subject(ctx.resolver, subject):
        return NOT_FOUND
    speaker = ctx.resolver.resolve(subject)
    return speaker, "the subject of the sentence" if speaker else ""


def sentence_before(ctx: QuoteContext) -> Decision:
    """Rule 7: a quote that is a sentence of its own, right after a sentence of the same
    paragraph that opens with a person ("Baker was blunt. "…"") is that person's; after
    a sentence ending with a short quote's attribution ('"There," she says. "Now …"'),
    that speaker's."""
    text, article, quote, resolver = ctx.text, ctx.article, ctx.quote, ctx.resolver
    index = article.sentence_index_at(quote.open) or 0
    sentence = article.sentences[index]
    if index == 0 or text[sentence.start : quote.open].strip():
        return NOT_FOUND
    previous = article.sentences[index - 1]
    between = text[previous.start : quote.open]
    if "\n" in text[previous.end : quote.open]:
        return NOT_FOUND
    # a quote found in that sentence, in any marks, is left to the continuation rule
    opens = resolver.quote_opens
    first = bisect.bisect_left(opens, previous.start)
    if first < len(opens) and opens[first] < previous.end:
        return NOT_FOUND
    if QUOTE_MARKS.search(between):
        attribution = subject_sentence_end(text, previous.start, previous.end)
        if attribution is None:
            return NOT_FOUND
        speaker = resolver.resolve(attribution)
        return speaker, "the attribution before" if speaker else ""
    subject = clause_subject(text, previous.start, previous.end)
    if subject is None or subject.at - previous.start > 25:
        return NOT_FOUND
    if subject.kind == "name":
        if not _person_subject(resolver, subject):
            return NOT_FOUND
    elif subject.kind != "pronoun":
        return NOT_FOUND
    speaker = resolver.resolve(subject)
    return speaker, "the sentence before" if speaker else ""


def continues_previous(ctx: QuoteContext) -> Decision:
    """Rule 9: the previous quote's speaker, when at most one paragraph break and fewer
    than 600 characters lie between them (its ``how`` is kept even when that speaker is
    unknown)."""
    if ctx.previous is None:
        return NOT_FOUND
    gap = ctx.text[ctx.previous[0].close : ctx.quote.open]
    if len(BREAKS.findall(gap)) > 1 or len(gap) >= 600:
        return NOT_FOUND
    if _other_person_between(ctx, ctx.previous[0].close + 1, ctx.quote.open):
        return NOT_FOUND  # someone else is named in between: no inherited speaker
    return ctx.previous[1], "continues the previous quote"


def _other_person_between(ctx: QuoteContext, start: int, end: int) -> bool:
    """Whether a person other than the previous quote's speaker is named between
    ``start`` and ``end`` as the subject of a new paragraph's sentence."""
    previous = ctx.previous[1] if ctx.previous else None
    if previous is None or "\n" not in ctx.text[start:end]:
        return False
    resolver = ctx.resolver
    for name in find_names(ctx.text, start, end):
        bare, _ = resolver.strip(name.text)
        full = resolver.canonical(bare)
        if resolver.registry.is_person(full) and full != previous:
            return True
    return False


Rule = Callable[[QuoteContext], Decision]

#: The attribution rules, in the order they are tried: (name, rule).
ATTRIBUTION_RULES: tuple[tuple[str, Rule], ...] = (
    ("after the quote, ending open", after_open_end),
    ("accused of", accused_of),
    ("before the quote", before_quote),
    ("after the quote", after_quote),
    ("sentence end", sentence_end),
    ("colon paragraph", colon_paragraph),
    ("sentence subject", sentence_subject),
    ("sentence before", sentence_before),
    ("paragraph before", paragraph_before),
    ("continues the previous quote", continues_previous),
)


def _quote_span(article: Article, quotes: Sequence[QuoteSpan], i: int) -> tuple[int, int, int]:
    """Where the text before quote ``i`` starts, and where the text after it starts and
    ends (the sentence around it, cut at the neighbouring quotes)."""
    text, sentences, quote = article.text, article.sentences, quotes[i]
    s_open = sentences[article.sentence_index_at(quote.open) or 0]
    s_close = sentences[article.sentence_index_at(max(quote.close - 1, 0)) or 0]
    pre_start = max(s_open.start, quotes[i - 1].close + 1 if i else 0)
    post_end = s_close.end
    if post_end <= quote.close + 1 and text[quote.end - 1 : quote.end] in "?!":
        # '"… to survive?" Eze queried.': the sentence ended at the "?"
        following = article.sentence_index_at(min(post_end + 1, len(text) - 1))
        if (
            following is not None
            and sentences[following].start >= post_end
            and "\n" not in text[post_end : sentences[following].start]
        ):
            post_end = sentences[following].end
    if i + 1 < len(quotes):
        post_end = min(post_end, quotes[i + 1].open)
    post_start = min(quote.close + 1, post_end)
    return pre_start, post_start, post_end


#: The rules that make a weak quote (one or two words, a title) speech: an attribution
#: that attaches to it in its own sentence.
WEAK_RULES = frozenset(
    {"after the quote, ending open", "accused of", "before the quote", "after the quote"}
)

# right before a weak quote: a determiner or "so-called" makes it a term ("the "safe zones"")
_TERM_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|this|these|those|so-called|called)[ \t]*$",
    re.IGNORECASE,
)


# a passive before a speech verb: "People were told to go to "safe zones"" (the subject
# is told, and says nothing)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got|gets)[ \t]+$")
# the most words between a speech verb and a weak quote it introduces
_WEAK_REACH = 60
# … or further into the reported clause, when the quote is what something "was": "said the
# dike should have been finished in 2023 but was still "barely half-built""
_WEAK_REACH_PREDICATE = 130
_COPULA_BEFORE = re.compile(
    r"\b(?:was|were|is|are|remains|remained|looked|seemed)"
    r"(?:[ \t]+(?:still|now|already|so))?[ \t]*$"
)


def _short_sentence_goes_on(ctx: QuoteContext, rule: str) -> bool:
    """A one- or two-word quote that is a whole sentence ("Names matter.") right after
    another quote's attribution in its paragraph ('"…," Senator Coe said. "Names
    matter."') goes on with that quote: the continuation rule may decide it."""
    if rule != "continues the previous quote" or ctx.previous is None:
        return False
    text, quote = ctx.text, ctx.quote
    if not text[quote.start : quote.start + 1].isupper() or text[quote.end - 1] not in ".?!":
        return False
    gap = text[ctx.previous[0].close + 1 : quote.open]
    return "\n" not in gap and len(gap) <= 80 and VERB_RE.search(gap) is not None


def _attaches(ctx: QuoteContext, decided: str | None) -> bool:
    """Whether the attribution that found a weak quote's speaker attaches to it: the
    slot right after it, or an active speech verb before it in its clause, close by
    ("described the delays as 'a scandal'", "said she was 'absolutely gutted'")."""
    if decided != "before the quote":
        return decided is not None
    text, quote = ctx.text, ctx.quote
    verb = last(VERB_RE.finditer(text, ctx.pre_start, quote.open))
    if verb is None:
        return True  # "according to X": attached by its own words
    if quote.open - verb.end() > _WEAK_REACH and (
        quote.open - verb.end() > _WEAK_REACH_PREDICATE
        or _COPULA_BEFORE.search(text, max(0, quote.open - 30), quote.open) is None
    ):
        return False
    return _PASSIVE_BEFORE.search(text, max(0, verb.start() - 12), verb.start()) is None


def _final_form(text: str, speaker: str | None, quote: QuoteSpan) -> str | None:
    """A speaker as a name without party labels, weekdays, verbs or adverbs, or as the
    whole description of an unnamed speaker (see :mod:`reader.suggest.speaker_form`)."""
    if not speaker or not speaker.strip():
        return speaker or None
    first = speaker.split()[0]
    if first in ("A", "An", "One", "Another", "The"):  # a description opening a sentence
        speaker = first.lower() + speaker[len(first) :]
    if speaker[0].islower():
        return whole_description(text, speaker, quote.open, quote.close)
    return clean_name(speaker)


# an unnamed person as a lede writes them: "A Presbyterian minister has said …"
_INDEFINITE_DESCRIPTION = re.compile(r"an? (?:[\w-]+ ){0,3}(?P<noun>[a-z]+)")


def _lede_description(
    resolver: SpeakerResolver, article: Article, speaker: str, quote: QuoteSpan
) -> str:
    """An unnamed person in the article's first paragraph ("A Presbyterian minister has
    described the attack as '…'") is the person the body then names in that role ("The
    Rev. X, who has been minister at Y for 19 years,"): the lede's news habit."""
    match = _INDEFINITE_DESCRIPTION.fullmatch(speaker)
    first = first_paragraph(article)
    if match is None or first is None or quote.open >= first[1]:
        return speaker
    person = resolver.registry.role_only_after(match.group("noun"), quote.open)
    return person if person is not None and person[:1].isupper() else speaker


# what introduces a translation or a gloss: '…, meaning "…"', 'which translates as "…"'
_MEANING_BEFORE = re.compile(
    r"\b(?:meaning|which means|which translates(?: roughly)? as|translated as|"
    r"translating as|roughly translated as)[ \t]*[,:]?[ \t]*$",
    re.IGNORECASE,
)


def _word_gloss(
    article: Article, quote: QuoteSpan, previous: tuple[QuoteSpan, str | None] | None
) -> bool:
    """A quote after "meaning" or "which translates as" is speech when it translates a
    quote earlier in its sentence ('"Na God go judge dem," he said, which translates as
    "God will judge them."'); otherwise it glosses a word or a name and is no quote."""
    text = article.text
    if _MEANING_BEFORE.search(text, max(0, quote.open - 40), quote.open) is None:
        return False
    if previous is None:
        return True
    here = article.sentence_index_at(quote.open)
    return article.sentence_index_at(max(previous[0].close - 1, 0)) != here


# a definite description ("the retired postman", "the candidate"), as the whole speaker
_DEFINITE_VARIED = re.compile(r"the (?:[a-z][\w-]* )*[a-z][\w-]+")


def _varied_reference(resolver: SpeakerResolver, text: str, speaker: str, quote: QuoteSpan) -> str:
    """A definite description that the article never introduced ("…," fumed the retired
    postman, after "Pensioner Derek Hollis, 78, …") is the person named just before (the
    newspaper habit of elegant variation); otherwise the description stays."""
    if not _DEFINITE_VARIED.fullmatch(speaker):
        return speaker
    noun = speaker.split()[-1]
    if speaker.count(" ") == 1 and not is_person_noun(noun):
        return speaker  # "the crowd"
    window_start = max(0, quote.open - 1500)
    uses = list(re.finditer(rf"(?<![\w-]){re.escape(noun)}", text[window_start : quote.open]))
    at = quote.open
    if uses:
        if not all(_THE_ONLY.search(text, window_start, window_start + u.start()) for u in uses):
            return speaker  # introduced before ("a candidate", "X, the candidate"): its own
        # only ever "the candidate" before: the same elegant variation, from its first use
        at = window_start + uses[0].start()
    mention = resolver.registry.last_person_mention(at)
    if mention is None or at - mention.at > 400 or mention.name[:1].islower():
        return speaker
    return mention.name


# "the" right before a noun, not in an apposition ("The candidate, who moved …", "said
# the candidate"; not "Grant Ashby, the candidate")
_THE_ONLY = re.compile(r"(?:(?:^|[.!?\n][\s\"\u201d']*)The|[^,\s][ \t]+the)[ \t]+$")


def attribute(
    resolver: SpeakerResolver, quotes: Sequence[QuoteSpan], article: Article
) -> Iterator[Attribution]:
    """The attribution of each quote, in order: the first rule of
    :data:`ATTRIBUTION_RULES` that finds a speaker decides; an acronym the text defines
    becomes the name it stands for ("WMO"), an office the text writes as "the X" is
    stripped ("Taoiseach X"). A weak quote (:attr:`QuoteSpan.weak`) is kept only when
    one of :data:`WEAK_RULES` finds its speaker; the other quotes see the text around
    them as if weak quotes were not there."""
    # (a table's columns: no list of ~20,000 quotes, nor a dict of their offsets)
    table = quotes if isinstance(quotes, QuoteTable) else QuoteTable(quotes)
    strong = table.strong()
    previous: tuple[QuoteSpan, str | None] | None = None
    for i, quote in enumerate(table):
        with skipped_on_error("the quote", quote.open):  # a failing rule: that quote only
            if _word_gloss(article, quote, previous):
                continue  # 'called Gulbali Bridge, meaning "to carry across"': no speech
            if quote.weak:
                if _TERM_BEFORE.search(article.text, max(0, quote.open - 20), quote.open):
                    continue
                span = _quote_span(article, table, i)
            else:
                # (its index among the strong quotes: no two quotes open at one mark)
                at = bisect.bisect_left(strong.opens, quote.open)
                span = _quote_span(article, strong, at)
            ctx = QuoteContext(resolver, article, quote, span, previous)
            speaker, how, decided = None, "", None
            for name, rule in ATTRIBUTION_RULES:
                if quote.weak and name not in WEAK_RULES and not _short_sentence_goes_on(ctx, name):
                    continue
                # every rule answers, so an unknown speaker keeps the last rule's ``how``
                speaker, how = rule(ctx)
                if speaker is not None:
                    decided = name
                    break
            if speaker in resolver.acronyms:  # "WMO" -> "World Meteorological Organization"
                speaker = resolver.acronyms[speaker]
            elif (
                speaker is not None
                and speaker.split()[0] in resolver.offices
                and not is_org(speaker)
            ):
                speaker = resolver.strip(speaker)[0]
            speaker = _final_form(article.text, speaker, quote)
            if speaker is not None and decided == "after the quote, ending open":
                speaker = _varied_reference(resolver, article.text, speaker, quote)
            if speaker is not None:
                speaker = _lede_description(resolver, article, speaker, quote)
            if quote.weak and (speaker is None or not _attaches(ctx, decided)):
                continue  # a scare quote, a term or a title
            if (
                speaker is None
                and decided is not None
                and decided != "continues the previous quote"
            ):
                decided = None
            yield Attribution(quote, speaker, how, decided)
            previous = (quote, speaker)


#: The name recorded for a headline quote that echoes a quote of the body.
HEADLINE_ECHO = "headline echo"

# a quoted run in a headline, in any marks
_HEADLINE_QUOTE = re.compile(
    "(?:(?<=^)|(?<=[\\s(\u2014\u2013-]))['\u2018\"\u201c](?P<words>[^'\u2018\u2019\"\u201c\u201d\\n]{2,120}?)"
    "['\u2019\"\u201d](?![\\w])"
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


def _words_of(text: str) -> str:
    return " ".join(word.casefold().replace("\u2019", "'") for word in _WORD.findall(text))


def echoes_of(article: Article, said: Iterable[tuple[int, int, str | None]]) -> list[Attribution]:
    """Quotes in the headline (the text before the first paragraph) whose words are
    said in a quote of the body ("'Treated like mugs': …" and later "'We've been treated
    like mugs,' she said"): each has the speaker of the first body quote with a speaker
    that says its words. A headline quote no body quote says is left out (a headline's
    words in quotes may be a title or a term). The body quotes ``said`` are (start, end,
    speaker) of their words, in text order, read once (issue 12: no list of a 10 MB
    article's ~20,000 attributions held for a headline's few quotes)."""
    text = article.text
    first = first_paragraph(article)
    body = 0 if first is None else first[0]
    if body == 0:
        return []
    wanted: list[tuple[re.Match[str], str]] = []  # each headline quote, and its words
    for match in _HEADLINE_QUOTE.finditer(text, 0, body):
        words = _words_of(match.group("words"))
        if len(words.split()) >= 2:
            wanted.append((match, f" {words} "))
    speakers: list[str | None] = [None] * len(wanted)
    left = len(wanted)
    for start, end, speaker in said if left else ():
        if not speaker:
            continue
        flat = f" {_words_of(text[start:end])} "
        for k, (_match, words) in enumerate(wanted):
            if speakers[k] is None and words in flat:
                speakers[k] = speaker
                left -= 1
        if not left:
            break
    echoes = []
    for (match, _words), speaker in zip(wanted, speakers, strict=True):
        if speaker is None:
            continue
        start, end = match.start("words"), match.end("words")
        end = len(text[start:end].rstrip(" ,;:")) + start
        quote = QuoteSpan(match.start(), match.end() - 1, start, end, True, True)
        echoes.append(Attribution(quote, speaker, "echoes a quote of the article", HEADLINE_ECHO))
    return echoes
