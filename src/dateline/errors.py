"""Every message the library prints about bad input, in one table (after spaCy's ``Errors``).

Each message says what is wrong; the caller adds where (file, line, document, JSON path).
"""

from __future__ import annotations


class Errors:
    # Reading files
    E001 = "file is empty: it should hold a JSON record, a JSON list of records, or JSON Lines"
    E002 = "not valid UTF-8 (byte {pos}: {reason}); re-save the file as UTF-8"
    E003 = "malformed JSON at line {line}, column {col}: {msg}"
    E004 = "expected a JSON object (one record) or a list of objects, found {found}"
    E005 = "no such file or folder"
    E006 = "no .json or .jsonl files found in this folder"
    E007 = "document id {doc_id!r} also appears in {other}; document ids must be unique"
    E008 = "file name does not match the document id {doc_id!r}: name it {expected}"
    # Spans
    E101 = "span [{start}, {end}) is out of range for a text of {length} characters"
    E102 = "span is empty or reversed: start {start} must be less than end {end}"
    E103 = "span text {given!r} does not match the document text {actual!r} at [{start}, {end})"
    # Identity and references
    E201 = "id {id!r} is used more than once in this document"
    E202 = "reference {ref!r} does not resolve: no {layer} has this id"
    E203 = "duplicate annotation: same {what} as {other}"
    E204 = "role {role!r} is not allowed for event type {type!r}; allowed: {allowed}"
    E205 = "role {role!r} must point at a {wanted} mention, but {ref!r} belongs to a {found} entity"
    E206 = "speaker {ref!r} belongs to a {found} entity; a speaker must be one of {wanted}"
    E207 = "quote content pieces must be in text order and must not overlap"
    E208 = "value_max must be set (and not below value) when approximation is 'range', and null otherwise"
    E209 = "the same argument ({role}, {ref}) is given twice"
    # Metadata
    E301 = "an original document must be licensed CC-BY-4.0 and have source null"
    E302 = "the seed document must name its source"
    # Schema (JSON Schema said no)
    E401 = "unknown value {value!r}; allowed: {allowed}"
    E402 = "{message}"
