"""Thresholds of the aligner."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AlignOptions"]


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Thresholds of the aligner (similarities are on a 0–1 scale)."""

    edit_threshold: float = 0.5
    """Least similarity for an in-order pair to be one edited sentence."""
    lone_pair_threshold: float = 0.4
    """Least similarity when a gap holds exactly one old and one new sentence."""
    move_threshold: float = 0.7
    """Least similarity for an out-of-order pair (moved and edited)."""
    heading_threshold: float = 0.65
    """Least similarity to pair a heading with a body sentence."""
    heading_pair_threshold: float = 0.15
    """Least similarity for two headings in the same gap (the same slot: a headline
    or subheading rewritten); they must also share a content word."""
    paraphrase_threshold: float = 0.35
    """Least similarity for an in-order pair sharing ``paraphrase_shared`` content words."""
    paraphrase_shared: int = 3
    """Shared content words that make a rewording evidence enough on their own."""
    meaning_threshold: float = 0.2
    """Least meaning score (weighted overlap of stemmed content words, concepts,
    numbers and names; see :mod:`redline.align.meaning`) for two leftover
    sentences that keep their place to be one edited sentence."""
    meaning_move_threshold: float = 0.45
    """Least meaning score for two leftover sentences out of order (moved and edited)."""
    lede_meaning_threshold: float = 0.15
    """Least meaning score for the first sentences after the headlines (same slot)."""
    meaning_shared: int = 1
    """Least shared terms for a meaning link."""
    embed_threshold: float = 0.87
    """With a sentence-embedding model installed (the ``meaning`` extra): least
    cosine for two leftover sentences in place, each the other's nearest leftover,
    to be one edited sentence whatever words they share."""
    embed_move_threshold: float = 0.9
    """The same for two leftover sentences out of order (moved and edited)."""
    embed_margin: float = 0.02
    """How much closer than any other leftover the nearest one must be."""
    repartner_below: float = 0.6
    """In-order links scoring below this are open to re-partnering by the model."""
    repartner_margin: float = 0.03
    """How much closer (cosine) two leftovers must each be to the sentences of a
    weak in-order link for it to give way to them (with the model only)."""
    repartner_meaning_margin: float = 0.2
    """How much more (meaning score, by the rules) the two pairs a weak
    in-order link blocks must score together than the link, for it to give way."""
    repartner_shared: int = 2
    """Least shared meaning terms of such a pair."""
    embed_gate: float = 0.1
    """Least meaning score (by the rules) of a pair for the model to be asked about it."""
    embed_rewrite: int = 3
    """Least leftover sentences on each side (long enough to judge) for the model
    to be asked about pairs sharing no word (a rewrite); with fewer, only about
    pairs reaching ``embed_gate``."""
    embed_min_terms: int = 3
    """Least content terms of each sentence for the model's judgement to count."""
    embed_max_sentences: int = 80
    """Most leftover sentences (both sides) given to the model (each costs about
    10 ms of CPU)."""
    embed_global_margin: float = 0.025
    """With the model: how much closer than any other sentence of the other
    version (linked ones included) two leftover sentences must be to each other
    to be linked whatever their cosine (see
    :func:`redline.align.nearest.global_nearest_links`); 1 or more turns it off."""
    embed_global_floor: float = 0.85
    """Least cosine of such a pair (below it, the rest of the versions is not embedded)."""
    embed_global_min_leftovers: int = 3
    """Least leftover sentences (both versions, long enough to judge) for that
    test: one sentence cut and another added, the commonest light update, are
    not worth a model call (about 10 ms each, where the comparison takes 0.4 ms)."""
    embed_global_rivals: int = 6
    """Sentences of each version (those sharing most terms with the pair's other
    sentence) that compete with a pair in that test, linked ones included."""
    grown_ratio: float = 2.5
    """With the model: how many times the sentences of the shorter version the
    longer one must have for a story to count as grown (or cut down), so that
    the shorter one's leftovers are linked to their nearest leftover (see
    :func:`redline.align.grown.grown_links`); 0 or less turns it off."""
    grown_floor: float = 0.85
    """Least cosine of such a pair (that of ``embed_global_floor``)."""
    absorb_shared: int = 2
    """Least terms a leftover sentence shares with a linked text to join it as
    part of a merge or split (see :func:`redline.align.absorb.absorb_by_meaning`)."""
    absorb_share: float = 0.4
    """Least share of the leftover sentence's terms (anchors double) found in that text."""
    meaning_max_sentences: int = 4_000
    """Most leftover sentences (both sides) for which the meaning step runs."""
    max_meaning_cells: int = 10_000
    """Leftover old × new pairs up to which every pair is scored on meaning;
    beyond, only pairs sharing a term found in few sentences."""
    max_gap_cells: int = 250_000
    """Largest gap (old × new sentences) scored in full; larger gaps use candidates."""
    candidate_df: int = 40
    """Content words in more sentences than this do not generate candidates."""
    candidate_words: int = 4
    """Rarest content words of a sentence used to find candidates."""
    candidate_limit: int = 10
    """Candidates kept per sentence (those sharing most of those words)."""
    max_move_cells: int = 2_500
    """Unmatched old × new sentences up to which every pair is scored for moves."""
    band: int = 3
    """Half-width of the diagonal band of candidates in gaps too large to score in full."""
    large_document: int = 15_000
    """Sentences on one side past which the fuzzy steps are bounded (below it,
    nothing of the large-document path applies): in-order similarity only in
    gaps of at most ``large_gap_cells`` and within ``large_budget_cells`` in all,
    out-of-order similarity only when at most ``large_move_sentences`` are left
    unmatched. Other sentences get the exact steps only (unchanged, moved, or
    added and deleted), so the time stays close to linear in the input."""
    large_gap_cells: int = 2_500
    """In a large document: the largest gap (old × new sentences) matched by similarity."""
    large_budget_cells: int = 200_000
    """In a large document: old × new sentence pairs of all such gaps together; the
    gaps met (in order) once it is spent are left to the exact steps."""
    large_move_sentences: int = 2_000
    """In a large document: most sentences (both sides) left unmatched for which
    moved-and-edited pairs are searched."""


_DEFAULT = AlignOptions()
