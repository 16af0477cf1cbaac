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
    E009 = "the file holds an empty list: no records to read"
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
    E303 = "story family {story!r} spans splits ({where}): put every document of a family in one split"
    # Schema (JSON Schema said no)
    E401 = "unknown value {value!r}; allowed: {allowed}"
    E402 = "{message}"
    # Label Studio exports (dateline labelstudio import); the caller names the task, annotation and result id
    E501 = ("not a Label Studio JSON export: expected a list of tasks, each with 'data' and 'annotations', found {found}"
            " (export the project as JSON, not JSON-MIN or CSV)")
    E502 = "the task data has no {key!r}: make tasks with 'dateline labelstudio tasks' so text and metadata travel with them"
    E503 = "the task has no annotation (cancelled ones do not count): annotate it, or pass --skip-invalid to leave it out"
    E504 = "{what} {label!r} is not in the labeling config; allowed: {allowed}"
    E505 = "control {name!r} is not in the labeling config (annotation/dateline.xml)"
    E507 = "span text {given!r} does not match the task text {actual!r} at [{start}, {end}){hint}"
    E508 = "the relation points at a region that is not in the result: {missing}"
    E509 = "the {kind} region lacks its required attribute {attribute!r}"
    E510 = "the region has {n} labels ({labels}); a region carries exactly one label"
    E511 = "attribute {attribute!r} does not apply to a {kind} region"
    E512 = "attribute {attribute!r} is given for a region that has no label"
    E513 = "relation label {label!r} cannot link a {a} region and a {b} region: it links {expected}"
    E514 = "mentions linked by coref have different entity types ({types}): {mentions}"
    E515 = "regions of one entity or quote carry different {what}: {values}"
    E516 = "entity id {id!r} is on two entities that coref does not link (mentions {a} and {b})"
    E517 = "{what} must be {expected}, found {found!r}"
    E518 = "the figure has more than one {what!r} link: {targets}"
    E519 = "the quote has more than one {what!r} link: {targets}"
    E520 = "attribute {attribute!r} is given twice for this region"
    E521 = "the annotation result is not a list of result items"
    E522 = "the result item lacks {field!r}"
    E523 = "attribute {attribute!r} has other offsets than its region"
    E524 = "the relation between a {a} region and a {b} region needs a label (an event role or 'event')"
    E525 = "file is empty: it should hold a Label Studio JSON export"
    # Scoring (dateline score, dateline compare); the caller names the file, line, document and JSON path
    E601 = "document id {doc_id!r} is not in the gold {split} split: predict the documents of that split only"
    E602 = "the text differs from the gold document {doc_id!r}: copy the gold text, so that the offsets mean the same"
    E603 = "{n} problem(s) in the predictions: fix them, or pass --lenient to skip the bad records and annotations"
    E604 = "lenient: scored {records} record(s); skipped {skipped} bad record(s) and dropped {dropped} bad annotation(s)"
    E605 = "no gold corpus folder here: pass --gold with the corpus folder (it holds README.md and data/)"
    E606 = "cannot load the gold {split!r} split ({reason}); run 'dateline build' if the data files are missing"
    E607 = "the predictions have none of the layers {layers}: nothing to score"
    E608 = "layer(s) {layers} requested but not predicted: scored as predicting nothing"
    E609 = "{n} gold document(s) have no prediction and count as predicting nothing: {ids}"
    E610 = "cannot write the output ({reason})"
    # New records (dateline new)
    E701 = "unknown metadata field {key!r}; the metadata fields are: {allowed}"
    E702 = "the text is empty: a record needs the document text"
    E703 = "metadata field {key!r} is missing: give it in the metadata file or with its option (see dateline new --help)"
    E704 = "{path} already exists: pass --force to replace it, or choose another --id"
    # Agreement (dateline agree); the caller names the file and document
    E801 = "document {doc_id!r} has another text in {a} than in {b}: both annotations must be of the same text"
    E802 = "no document is in both annotations: nothing to compare"
    E803 = "{n} document(s) are only in {side} and are left out: {ids}"
    E804 = "cannot read the adjudication decisions ({reason}): the file must be a JSON list of decisions"
    E805 = "each decision must be an object whose 'decision' is one of {allowed}"
