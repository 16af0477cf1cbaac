"""Figures baseline: rules for the numbers news writes, normalised as ``docs/guidelines/figures.md`` says.

What it finds:

- digits with thousands separators and decimals ("8,000", "31.8"), negative with "minus";
- spelled-out numbers ("two", "twenty-one", "eight thousand", "half a million"), "a dozen",
  "a hundred", fractions and multiples ("half", "a quarter", "nearly a fifth", "twice",
  "three times", "doubled", "halve");
- scales: "4.2 million", "$4.2bn", "€300m", "Rp 25 billion";
- per cent ("85 per cent", "14%"), percentage points, basis points;
- currencies: symbols ($ € £ ¥ ₹ ₦ Rp Rs KSh), ISO codes before or after the amount, and
  currency words ("zlotys", "Kenyan shillings", "rupees", "cents"); an ambiguous word
  (rupees, shillings, pounds, francs, pesos, dollars) takes the currency of the country the
  document names, else the commonest one;
- units from the schema's list, spelled out or abbreviated ("km", "tonnes", "mm per year",
  "degrees Celsius", "magnitude 6.9"), and durations ("three weeks", "a fortnight",
  "a decade", "five-day", "the 23-year-old": an age);
- hyphenated compounds ("46-truck", "12-member", "five-day-old"): the span includes them;
- ranges: "between X and Y", "X to Y", "X-Y", "X–Y" (value the low end, value_max the high
  end), and scores ("won 4-3": one figure per side);
- approximation cues next to the number (inside the span): at least, more than, over,
  nearly, almost, close to, up to, as many as, about, around, some, roughly, an
  estimated, within, less than, fewer than, under, above, beyond, past...;
- vague orders of magnitude ("dozens", "hundreds", "thousands"): value null, ``about``.

What it leaves out: dates ("9 December", "Sept. 27"), years ("2016", "1991-2020"), clock
times ("11:00", "7 a.m."), ordinals, numbers in names and identifiers ("Resolution 2254",
"COVID-19"), "one" as a pronoun ("no one", "one another").

Unit ``people`` or ``count`` comes from the counted noun (spaCy parse): a noun for people
("civilians", "voters", "12-member") gives ``people``. ``counted`` is the noun phrase
after the figure ("sick and injured children"), or after "of" ("85 per cent of
territory": "territory"). Links to entities and events are left null.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from dateline.systems import Ids, spacy_pipeline

NAME = "figures_rules"
LAYERS = ("figures",)

from dateline.baselines import _nlp

# --- vocabularies -----------------------------------------------------------------------------------

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SHORT_SCALES = {"k": 1000, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3, "fifth": 0.2, "tenth": 0.1}
MULTIPLES = {"twice": 2, "doubled": 2, "double": 2, "tripled": 3, "triple": 3, "quadrupled": 4,
             "halve": 0.5, "halved": 0.5}
VAGUE = ("tens of thousands", "hundreds of thousands", "tens of millions", "hundreds of millions",
         "dozens", "scores", "hundreds", "thousands", "millions", "billions")

# Approximation cues, longest first; matched right before the number.
CUES = [
    ("in excess of", "more_than"), ("upwards of", "more_than"), ("a minimum of", "at_least"),
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("not less than", "at_least"),
    ("no more than", "at_most"), ("not more than", "at_most"), ("a maximum of", "at_most"),
    ("as many as", "up_to"), ("as much as", "up_to"), ("as high as", "up_to"), ("as long as", "up_to"),
    ("just under", "nearly"), ("just shy of", "nearly"), ("close to", "nearly"),
    ("at least", "at_least"), ("more than", "more_than"), ("just over", "more_than"), ("well over", "more_than"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("at most", "at_most"), ("up to", "up_to"),
    ("an estimated", "about"), ("some", "about"), ("about", "about"), ("around", "about"), ("roughly", "about"),
    ("approximately", "about"), ("perhaps", "about"), ("estimated", "about"), ("circa", "about"),
    ("nearly", "nearly"), ("almost", "nearly"), ("over", "more_than"), ("above", "more_than"),
    ("beyond", "more_than"), ("past", "more_than"), ("within", "at_most"), ("under", "less_than"),
    ("below", "less_than"),
]
DURATIONS = {"second", "minute", "hour", "day", "week", "month", "year"}
_CUE_RE = re.compile(r"(?i)\b(" + "|".join(re.escape(c) for c, _ in CUES) + r")\s+$")
CUE_KIND = {c: k for c, k in CUES}

# Units after the number: (regex, unit, multiplier). Order matters: longest first.
UNIT_WORDS: list[tuple[str, str, float]] = [
    (r"percentage[- ]points?", "percentage_point", 1), (r"basis[- ]points?|bps|bp", "basis_point", 1),
    (r"per ?cent|percent|%", "percent", 1),
    (r"(?:millimetres?|millimeters?|mm) (?:per|a|each) year", "millimetre_per_year", 1),
    (r"(?:kilometres?|kilometers?|km) (?:per|an) hour|km/h|kph|kmh", "kilometre_per_hour", 1),
    (r"square kilometres?|square kilometers?|sq ?km|km2|km²", "square_kilometre", 1),
    (r"nautical[- ]miles?", "nautical_mile", 1),
    (r"kilometres?|kilometers?|km", "kilometre", 1), (r"centimetres?|centimeters?|cm", "centimetre", 1),
    (r"millimetres?|millimeters?|mm", "millimetre", 1), (r"metres?|meters?|m", "metre", 1),
    (r"hectares?|ha", "hectare", 1), (r"kilogrammes?|kilograms?|kilos?|kg", "kilogram", 1),
    (r"grammes?|grams?|g", "gram", 1), (r"tonnes?|tons?|t", "tonne", 1),
    (r"litres?|liters?", "litre", 1), (r"barrels?", "barrel", 1),
    (r"degrees? (?:Celsius|centigrade|C)|°C|degrees?", "celsius", 1), (r"degrees? Fahrenheit|°F", "fahrenheit", 1),
    (r"seconds?|secs?", "second", 1), (r"minutes?|mins?", "minute", 1), (r"hours?|hrs?", "hour", 1),
    (r"days?", "day", 1), (r"fortnights?", "week", 2), (r"weeks?", "week", 1), (r"months?", "month", 1),
    (r"decades?", "year", 10), (r"years?", "year", 1), (r"magnitude", "magnitude", 1),
]
# Single-letter abbreviations only right after digits ("40m", "5 km" but never "5 t" as a word).
_ABBREV_ONLY_ATTACHED = {"m", "g", "t", "ha", "bp"}

CURRENCY_SYMBOLS = [("US$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"),
                    ("₦", "NGN"), ("Rp", "IDR"), ("Rs.", "INR"), ("Rs", "INR"), ("KSh", "KES"), ("Ksh", "KES"),
                    ("GH₵", "GHS"), ("₵", "GHS"), ("R$", "BRL"), ("₺", "TRY"), ("₽", "RUB"), ("₴", "UAH"),
                    ("₩", "KRW"), ("₪", "ILS"), ("₱", "PHP"), ("฿", "THB"), ("₫", "VND")]
ISO = [u for u in ("USD EUR GBP JPY CNY CHF INR PKR BDT NPR KES NGN ZAR ETB EGP TRY RUB UAH BRL PEN COP MXN ARS CAD "
                   "AUD NZD SEK NOK DKK PLN IDR PHP THB VND KRW SGD MYR SAR AED ILS MAD GHS TZS UGX XOF XAF SYP LBP").split()]
# currency word -> [(qualifier or country cue, code)], default last
CURRENCY_WORDS: dict[str, list[tuple[str, str]]] = {
    "dollars?": [("canadian|canada", "CAD"), ("australian|australia", "AUD"), ("new zealand", "NZD"),
                 ("singapore", "SGD"), ("", "USD")],
    "euros?": [("", "EUR")], "yen": [("", "JPY")], "yuan|renminbi": [("", "CNY")],
    "pounds?(?: sterling)?|sterling": [("egyptian|egypt", "EGP"), ("syrian|syria", "SYP"),
                                      ("lebanese|lebanon", "LBP"), ("", "GBP")],
    "rupees?": [("nepal", "NPR"), ("pakistan", "PKR"), ("", "INR")],
    "shillings?": [("kenya", "KES"), ("ugand", "UGX"), ("tanzania", "TZS"), ("", "KES")],
    "francs?": [("cfa|senegal|mali|ivory coast|côte d’ivoire|burkina|niger|benin|togo", "XOF"),
                ("cameroon|chad|gabon|congo", "XAF"), ("", "CHF")],
    "pesos?": [("colombia", "COP"), ("argentin", "ARS"), ("philippin", "PHP"), ("", "MXN")],
    "naira": [("", "NGN")], "rand": [("", "ZAR")], "birr": [("", "ETB")], "zlot(?:y|ys|ies)": [("", "PLN")],
    "cedis?": [("", "GHS")], "lira|liras": [("", "TRY")], "roubles?|rubles?": [("", "RUB")],
    "hryvnias?": [("", "UAH")], "reais|real": [("", "BRL")], "soles": [("", "PEN")], "dong": [("", "VND")],
    "won": [("", "KRW")], "ringgit": [("", "MYR")], "riyals?": [("", "SAR")], "dirhams?": [("morocc", "MAD"), ("", "AED")],
    "shekels?": [("", "ILS")], "baht": [("", "THB")], "rupiah": [("", "IDR")], "taka": [("", "BDT")],
    "kronor|krona": [("", "SEK")], "kroner|krone": [("denmark|danish", "DKK"), ("", "NOK")],
    "cents?": [("", "USD")],
}
PEOPLE = {
    "people", "person", "civilian", "child", "children", "resident", "evacuee", "refugee", "soldier", "troop",
    "fighter", "worker", "voter", "migrant", "patient", "student", "woman", "women", "man", "men", "officer",
    "member", "employee", "player", "fan", "passenger", "victim", "survivor", "doctor", "nurse", "surgeon",
    "teacher", "journalist", "policeman", "militant", "rebel", "protester", "demonstrator", "tourist", "pilgrim",
    "inmate", "prisoner", "detainee", "suspect", "hostage", "inhabitant", "citizen", "adult", "baby", "infant",
    "girl", "boy", "delegate", "lawmaker", "candidate", "athlete", "runner", "economist", "grandmother",
    "grandfather", "mother", "father", "son", "daughter", "staff", "crew", "volunteer", "official", "minister",
    "judge", "defendant", "spectator", "crowd", "displaced", "dead", "injured", "wounded", "casualty",
    "casualties", "worshipper", "climber", "fisherman", "fishermen", "farmer", "miner", "villager", "pupil",
    "resident", "applicant", "participant", "attendee", "visitor", "customer", "client", "user", "subscriber",
    "death", "toddler", "teenager", "youth", "elderly", "people’s", "persons", "individual", "household member",
    "mp", "senator", "deputy", "councillor", "representative", "analyst", "expert", "scientist", "researcher",
    "medic", "paramedic", "firefighter", "rescuer", "diplomat", "envoy", "observer", "monitor", "guard",
    "peacekeeper", "police", "policemen", "policewomen", "coach", "driver", "pilot", "sailor", "migrant worker",
    "manager", "broker", "owner", "technician", "ringleader", "spokesman", "spokeswoman", "leader", "smuggler",
    "trafficker", "gunman", "gunmen", "attacker", "assailant", "militiaman", "combatant", "recruit", "cadet",
    "graduate", "lawyer", "prosecutor", "witness", "juror", "entrant", "finalist", "competitor", "contestant",
    "worshipper", "evacuees", "orphan", "widow", "labourer", "laborer", "trader", "vendor", "shopkeeper",
    "herder", "nomad", "settler", "asylum seeker", "seeker", "returnee", "deportee", "convict", "accused",
}
PEOPLE_VERBS = {"killed", "died", "dead", "injured", "wounded", "hurt", "displaced", "evacuated", "arrested",
                "detained", "missing", "rescued", "fled", "drowned", "infected", "vaccinated", "treated", "jailed",
                "sentenced", "unaccounted"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
NAME_WORDS = {"resolution", "article", "flight", "route", "highway", "section", "chapter", "room", "no", "no.",
              "number", "act", "phase", "stage", "gate", "terminal", "block", "sector", "camp", "platform", "bus",
              "line", "apollo", "covid", "g", "level", "category", "grade", "paragraph", "clause", "item", "page",
              "table", "figure", "version", "season", "episode", "series", "lot", "case", "file", "squad", "unit"}
SCORE_WORDS = re.compile(r"(?i)\b(won|win|wins|beat|beating|lost|losing|lose|drew|draw|defeat\w*|victory|score\w*|"
                         r"final|match|game|lead|led|trail\w*|shoot-?out|ended|half-time|halftime|sets?|tie|leg)\b")

# --- the number core ---------------------------------------------------------------------------------

# unit and scale abbreviations written right after the digits ("€300m", "$3bn", "40km", "5kg")
_ATTACHED = "(?:bn|mn|tn|m|k|km|kg|cm|mm|ha|g|t|bps|bp|kph|kmh|km2|km²)"
_WN = "|".join(sorted(SMALL, key=len, reverse=True))
_SCALE_WORDS = "hundred|thousand|million|billion|trillion"
_SPELLED = (rf"(?:{_WN})(?:(?:-|\s+)(?:{_WN}|{_SCALE_WORDS})\b"
            rf"|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+(?:{_WN})\b)*")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_RE = re.compile(
    rf"(?P<clock>\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?\b)"
    rf"|(?P<digits>(?<![\w.])(?:{_DIGITS})(?!(?!{_ATTACHED}\b)\w|[.,]\d))"
    rf"|(?P<halfm>\bhalf an? (?:million|billion|dozen|hundred|thousand)\b)"
    rf"|(?P<adozen>\b(?:an?|one) (?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?P<vague>\b(?:{'|'.join(VAGUE)})\b)"
    rf"|(?P<frac>\b(?:(?:a|one) (?:half|quarter|third|fifth|tenth)|half|(?:two|three|four)[- ](?:thirds|quarters|fifths))\b)"
    rf"|(?P<mult>\b(?:twice|doubled|tripled|quadrupled|halved?|(?:{_WN}|\d+) times)\b)"
    rf"|(?P<aunit>\ban? (?:week|month|year|day|decade|fortnight|hour|minute|metre|kilometre|mile)\b)"
    rf"|(?P<spelled>\b{_SPELLED}\b)",
    re.IGNORECASE,
)
AUNIT_BEFORE = re.compile(r"(?i)\b(for|within|in|than|nearly|almost|about|around|over|under|after|lasted|last|past|"
                          r"up to|roughly|some|of|to|by|every|least|took|take|takes|spent|spend|lasts)\s+$")


def spelled_value(s: str) -> float | None:
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", s.lower()):
        if word == "and" or not word:
            continue
        if word in SMALL:
            current += SMALL[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _num(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _clean(v: Decimal | float | None) -> float | int | None:
    if v is None:
        return None
    v = Decimal(str(v)) if not isinstance(v, Decimal) else v
    if v == v.to_integral_value():
        return int(v)
    return float(round(v, 6))


class _Fig:
    """A figure under construction."""

    def __init__(self, start: int, end: int, value: Decimal | None, unit: str | None = None):
        self.start, self.end = start, end
        self.value = value
        self.value_max: Decimal | None = None
        self.unit = unit
        self.approximation = "exact"
        self.counted: str | None = None
        self.kind = ""  # digits / spelled / ... (for filters)
        self.currency_scaled = False

    def as_dict(self, text: str, fid: str) -> dict[str, Any]:
        return {"id": fid, "start": self.start, "end": self.end, "text": text[self.start:self.end],
                "value": _clean(self.value), "value_max": _clean(self.value_max) if self.approximation == "range" else None,
                "unit": self.unit or "count", "approximation": self.approximation, "counted": self.counted,
                "entity": None, "event": None}


# --- extension around the core --------------------------------------------------------------------------

_SCALE_AFTER = re.compile(r"(?i)^(?:\s+|-)(hundred|thousand|million|billion|trillion)\b")
_SHORT_SCALE_AFTER = re.compile(r"^(bn|mn|m|k|tn|b)\b")
_ISO_BEFORE = re.compile(r"\b(" + "|".join(ISO) + r")\s?$")
_ISO_AFTER = re.compile(r"^\s(" + "|".join(ISO) + r")\b")
_UNIT_RES = [(re.compile(rf"^(?:\s|-|(?=[%°a-z]))(?:{rx})(?![\w])", re.IGNORECASE if rx not in ("m", "t", "g") else 0),
              unit, mult, rx) for rx, unit, mult in UNIT_WORDS]
_CURRENCY_WORD_RES = [(re.compile(rf"^(?:\s+|-)((?:[A-Z][a-z]+\s)?(?:{rx}))\b", re.IGNORECASE), rx, options)
                      for rx, options in CURRENCY_WORDS.items()]
_COMPOUND = re.compile(r"^-([a-z]+(?:-[a-z]+)?)\b")
_AGE = re.compile(r"(?i)^-years?-old\b")


def _currency_for(options: list[tuple[str, str]], qualifier: str, doc_text: str) -> str:
    q = qualifier.lower()
    for cue, code in options:
        if cue and re.search(cue, q):
            return code
    if q and q not in ("us", "u.s."):
        return options[-1][1]  # "Kenyan shillings": the qualifier decides; an unknown one gives the default
    lowered = doc_text.lower()
    for cue, code in options:
        if cue and re.search(r"\b(" + cue + r")", lowered):
            return code
    return options[-1][1]


def _extend(text: str, fig: _Fig) -> None:
    """Scale words, currency and units around a number; extends the span."""
    before = text[max(0, fig.start - 8):fig.start]
    # currency before
    for sym, code in CURRENCY_SYMBOLS:
        if before.endswith(sym) or before.endswith(sym + " "):
            cut = len(sym) + (1 if before.endswith(sym + " ") else 0)
            if sym.isalpha() and fig.start - cut > 0 and text[fig.start - cut - 1].isalnum():
                continue
            fig.start -= cut
            fig.unit = code
            break
    if fig.unit is None:
        m = _ISO_BEFORE.search(before)
        if m and m.start() + max(0, fig.start - 8) >= 0:
            fig.start = max(0, fig.start - 8) + m.start()
            fig.unit = m.group(1)
    after = text[fig.end:fig.end + 40]
    m = _SCALE_AFTER.match(after)
    if m and fig.value is not None:
        fig.value *= SCALES[m.group(1).lower()]
        fig.end += m.end()
        after = text[fig.end:fig.end + 40]
    elif fig.unit in ISO and fig.value is not None:
        m = _SHORT_SCALE_AFTER.match(after)
        if m:
            fig.value *= SHORT_SCALES[m.group(1)]
            fig.end += m.end()
            after = text[fig.end:fig.end + 40]
    if fig.unit is None:
        m = _ISO_AFTER.match(after)
        if m:
            fig.unit = m.group(1)
            fig.end += m.end()
            return
        for rx, rxs, options in _CURRENCY_WORD_RES:
            m = rx.match(after)
            if m:
                word = m.group(1)
                qualifier = word.split()[0] if " " in word else ""
                if qualifier and not re.fullmatch(r"(?i)[A-Z][a-z]+", qualifier):
                    continue
                if qualifier and qualifier.lower() not in ("us", "u.s.") and not any(
                        c and re.search(c, qualifier.lower()) for c, _ in options):
                    # "the Kenyan shillings" yes; "five Swiss francs" yes; "three Friday dollars" no
                    if not qualifier.lower().endswith(("n", "ese", "ish", "i", "ian")):
                        continue
                fig.unit = _currency_for(options, qualifier, text)
                if rxs.startswith("cents"):
                    fig.value = fig.value / 100 if fig.value is not None else None
                fig.end += m.end()
                return
    if fig.unit is not None:
        return
    if _AGE.match(after):
        fig.unit = "year"
        fig.end += _AGE.match(after).end()
        fig.counted = "age"
        return
    for rx, unit, mult, rxs in _UNIT_RES:
        m = rx.match(after)
        if not m:
            continue
        if rxs in ("m", "t", "g", "ha", "bp") or m.group(0).strip() in _ABBREV_ONLY_ATTACHED:
            if m.group(0)[0] in " -":
                continue
        if unit == "celsius" and m.group(0).strip().lower().startswith("degree") and "fahrenheit" in after[:30].lower():
            continue
        fig.unit = unit
        if fig.value is not None:
            fig.value *= Decimal(str(mult))
        fig.end += m.end()
        rest = text[fig.end:fig.end + 12]
        if m.group(0).startswith("-") and re.match(r"(?i)^-old\b", rest):
            fig.end += 4
            if unit == "year":
                fig.counted = "age"
        return
    m = _COMPOUND.match(after)
    if m and not re.match(r"(?i)(and|or|to|point|time|times|thirds|quarters)$", m.group(1)):
        fig.end += m.end()
        word = m.group(1).split("-")[0].lower()
        fig.unit = "people" if word in PEOPLE or word.rstrip("s") in PEOPLE else "count"


def _cue(text: str, fig: _Fig) -> None:
    if (fig.start >= 6 and text[fig.start - 6:fig.start].lower() == "minus " and fig.value is not None
            and not text[max(0, fig.start - 14):fig.start].lower().startswith("plus or")):
        fig.start -= 6
        fig.value = -fig.value
    before = text[max(0, fig.start - 24):fig.start]
    m = _CUE_RE.search(before)
    if m:
        cue = m.group(1).lower()
        if cue in ("over", "past", "under", "within", "in") and fig.unit in DURATIONS and cue in ("over", "past"):
            return  # "over five years", "the past three weeks": a period, not a bound
        fig.approximation = CUE_KIND[cue]
        fig.start -= len(before) - m.start()
    elif re.search(r"(?i)\bestimated at\s+$", before):
        fig.approximation = "about"


# --- filters ---------------------------------------------------------------------------------------------

_DATE_AFTER = re.compile(rf"^\s+(?:{MONTHS})\b")
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?,?\s+$")
_CLOCK_AFTER = re.compile(r"(?i)^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|h\b|hrs\b|o'clock|local time)")
_ONE_BAD_BEFORE = re.compile(r"(?i)\b(no|any|every|each|the|this|that|which|at|someone|anyone)\s+$")
_ONE_BAD_AFTER = re.compile(r"(?i)^(?:\s+(?:another|day|by one|-time|another's)\b|-(?:off|time|way|sided)\b|’s|'s)")


def _is_year(text: str, fig: _Fig, raw: str) -> bool:
    return (re.fullmatch(r"\d{4}", raw) is not None and 1800 <= int(raw) <= 2100 and fig.unit is None)


def _excluded(text: str, fig: _Fig, raw: str, kind: str) -> bool:
    before = text[max(0, fig.start - 30):fig.start]
    after = text[fig.end:fig.end + 20]
    if kind == "digits":
        if _is_year(text, fig, raw):
            return True
        if fig.unit is None and (_DATE_AFTER.match(after) or _DATE_BEFORE.search(before)) and _num(raw) <= 31:
            return True
        if _CLOCK_AFTER.match(after):
            return True
        if re.search(r"[A-Za-z]-$|/$|#$|\+$|\d $", before) or re.match(r"^/\d|^ \d", after):
            return True  # identifiers, phone numbers, digit sequences
        prev = re.search(r"([A-Za-z.]+)\s+$", before)
        if prev and prev.group(1).lower() in NAME_WORDS and prev.group(1)[:1].isupper():
            return True
    if kind == "spelled" and raw.lower() == "one":
        if _ONE_BAD_BEFORE.search(before) or _ONE_BAD_AFTER.match(after):
            return True
        if re.match(r"(?i)^\s+of\s+(?:the|its|their|his|her)\s+(?:most|\w+est)\b", after):
            return True  # "one of the largest": a superlative, not a count
    if kind == "spelled" and fig.unit is None and re.search(r"(?i)\b(the|these|those|both)\s+$", before):
        value = spelled_value(raw)
        if value is not None and value <= 10:
            return True  # "the two sides", "the two delegations": a known set, not a reported count
    return False


# --- counted and people -----------------------------------------------------------------------------------

def _counted(doc, fig: _Fig) -> tuple[str | None, bool]:
    """The counted phrase after the figure and whether it names people."""
    toks = [t for t in doc if t.idx >= fig.end]
    if not toks:
        return None, False
    i = 0
    # "of them children", "of the displaced", "of territory"
    if toks[0].lower_ == "of":
        i = 1
        while i < len(toks) and toks[i].pos_ in ("DET", "PRON") and toks[i].lower_ not in ("them", "whom"):
            i += 1
        if i < len(toks) and toks[i].lower_ in ("them", "whom"):
            i += 1
        while i < len(toks) and toks[i].tag_ == "POS":
            i += 1
    elif toks[0].lower_ == "more" and len(toks) > 1 and toks[1].pos_ in ("NOUN", "ADJ"):
        i = 1
    start_i, last_noun = i, None
    j = i
    while j < len(toks) and j - start_i < 6:
        t = toks[j]
        if t.pos_ in ("NOUN", "PROPN") and not t.like_num:
            last_noun = j
            if j + 1 < len(toks) and toks[j + 1].pos_ in ("NOUN",) and toks[j + 1].dep_ in ("compound", "ROOT", "nsubj",
                                                                                               "dobj", "pobj", "conj",
                                                                                               "nsubjpass", "attr"):
                j += 1
                continue
            break
        if t.pos_ in ("ADJ", "CCONJ", "ADV") or t.tag_ in ("VBN", "VBG", "HYPH"):
            j += 1
            continue
        break
    if last_noun is None:
        # "31 people were wounded" is covered above; "at least 31 dead": a people adjective
        if toks and toks[0].lower_ in PEOPLE_VERBS:
            return toks[0].text, True
        if len(toks) > 2 and toks[0].lemma_ in ("be", "have") and toks[1].lower_ in PEOPLE_VERBS:
            return None, True
        if len(toks) > 2 and toks[0].lemma_ in ("be", "have") and toks[1].lemma_ == "be" and toks[2].lower_ in PEOPLE_VERBS:
            return None, True
        return None, False
    first, last = toks[start_i], toks[last_noun]
    phrase = doc.text[first.idx:last.idx + len(last.text)]
    head = last.lemma_.lower()
    people = head in PEOPLE or last.lower_ in PEOPLE
    return phrase, people


# --- main -----------------------------------------------------------------------------------------------------


def _core(m: re.Match) -> tuple[str, Decimal | None, str | None] | None:
    """(kind, value, unit) of a number match, or None when it is not a figure core."""
    kind = m.lastgroup
    s = m.group(0)
    low = s.lower()
    if kind == "clock":
        parts = s.split(":")
        if len(parts) == 3:
            h, mi, sec = parts
            return "racetime", Decimal(h) * 3600 + Decimal(mi) * 60 + Decimal(sec), "second"
        if "." in parts[1]:
            return "racetime", Decimal(parts[0]) * 60 + Decimal(parts[1]), "second"
        return None  # a clock time
    if kind == "digits":
        return "digits", _num(s), None
    if kind == "halfm":
        word = low.split()[-1]
        return "spelled", Decimal(12 if word == "dozen" else SCALES[word]) / 2, None
    if kind == "adozen":
        word = low.split()[-1]
        return "spelled", Decimal(12 if word == "dozen" else SCALES[word]), None
    if kind == "vague":
        return "vague", None, None
    if kind == "frac":
        if "-" in low or " " in low and low.split()[0] in ("two", "three", "four"):
            n, d = re.split(r"[- ]", low)
            den = {"thirds": 3, "quarters": 4, "fifths": 5}[d]
            return "frac", Decimal(SMALL[n]) / Decimal(den), "count"
        return "frac", Decimal(str(FRACTIONS[low.split()[-1]])), "count"
    if kind == "mult":
        if low.endswith(" times"):
            n = low.split()[0]
            return "mult", Decimal(SMALL[n]) if n in SMALL else _num(n), "count"
        return "mult", Decimal(str(MULTIPLES[low])), "count"
    if kind == "aunit":
        word = low.split()[1]
        table = {"week": ("week", 1), "month": ("month", 1), "year": ("year", 1), "day": ("day", 1),
                 "decade": ("year", 10), "fortnight": ("week", 2), "hour": ("hour", 1), "minute": ("minute", 1),
                 "metre": ("metre", 1), "kilometre": ("kilometre", 1), "mile": (None, 1)}
        unit, mult = table[word]
        if unit is None:
            return None
        return "aunit", Decimal(mult), unit
    if kind == "spelled":
        v = spelled_value(s)
        return ("spelled", Decimal(str(v)), None) if v is not None else None
    return None


_RANGE_BETWEEN = re.compile(r"(?i)\bbetween\s+$")
_RANGE_JOIN = re.compile(r"^(\s*(?:-|–|—|to)\s*|\s+and\s+)")


def find_figures(text: str, doc=None) -> list[_Fig]:
    figs: list[_Fig] = []
    raw_of: dict[int, tuple[str, str]] = {}
    for m in NUMBER_RE.finditer(text):
        core = _core(m)
        if core is None:
            continue
        kind, value, unit = core
        if kind == "aunit" and not (AUNIT_BEFORE.search(text[max(0, m.start() - 12):m.start()])
                                    or re.match(r"(?i)^(?:’s|'s|\s+(?:earlier|later|long)\b)",
                                                text[m.end():m.end() + 8])):
            continue
        if kind == "frac" and m.group(0).lower() == "half":
            before = text[max(0, m.start() - 12):m.start()].lower()
            after = text[m.end():m.end() + 8].lower()
            if re.search(r"(first|second|the|a)\s+$", before) or after.startswith(("-", " time", " hour", " an hour")):
                continue
            if not (re.match(r"^\s+(of|the|its|their|his|her|our|all|what)\b", after) or _CUE_RE.search(
                    text[max(0, m.start() - 24):m.start()])):
                continue
        if kind == "mult" and m.group(0).lower() in ("double", "triple"):
            continue
        fig = _Fig(m.start(), m.end(), value, unit)
        fig.kind = kind
        if kind == "vague":
            fig.approximation = "about"
        if kind in ("digits", "spelled"):
            _extend(text, fig)
        if _excluded(text, fig, m.group(0), kind):
            continue
        raw_of[id(fig)] = (m.group(0), kind)
        figs.append(fig)
    figs = _join_ranges(text, figs, raw_of)
    for fig in figs:
        if fig.approximation != "range":
            _cue(text, fig)
        _magnitude(text, fig)
    figs = _dedupe(figs)
    _context_units(text, figs)
    if doc is not None:
        figs = [f for f in figs if not _pronoun_one(doc, text, f)]
        for fig in figs:
            counted, people = _counted(doc, fig)
            if fig.counted is None:
                fig.counted = counted
            if fig.unit is None:
                fig.unit = "people" if people or _people_context(text, fig) else "count"
    else:
        for fig in figs:
            fig.unit = fig.unit or "count"
    _percentage_points(text, figs)
    return figs


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[lo:min(hi_candidates) if hi_candidates else len(text)]


def _context_units(text: str, figs: list[_Fig]) -> None:
    """Units that the words around a bare number give: earthquake magnitudes, ages after a
    name ("Agnieszka Lis, 44,"), conversions in brackets that repeat an estimate."""
    prev = None
    for fig in figs:
        raw = text[fig.start:fig.end]
        if fig.unit is None and fig.kind == "digits" and re.fullmatch(r"\d\.\d", raw) and re.search(
                r"(?i)\b(magnitude|quake|earthquake|tremor|aftershock|richter)", _sentence(text, fig.start, fig.end)):
            fig.unit = "magnitude"
        elif (fig.unit is None and fig.kind == "digits" and re.fullmatch(r"\d{1,3}", raw) and int(raw) <= 110
              and re.search(r"[A-Z][\w’'-]+, $", text[max(0, fig.start - 30):fig.start])
              and text[fig.end:fig.end + 1] == ","):
            fig.unit, fig.counted = "year", "age"
        if (prev is not None and fig.unit in ISO and prev.unit in ISO and fig.approximation == "exact"
                and prev.approximation not in ("exact", "range") and text[prev.end:fig.start].strip() == "("):
            fig.approximation = prev.approximation
        prev = fig


def _pronoun_one(doc, text: str, fig: _Fig) -> bool:
    """"a smaller one", "the last one": "one" that the parser reads as a pronoun or noun."""
    if text[fig.start:fig.end].lower() != "one":
        return False
    tok = next((t for t in doc if t.idx == fig.start), None)
    return tok is not None and tok.pos_ in ("PRON", "NOUN")


def _people_context(text: str, fig: _Fig) -> bool:
    before = text[max(0, fig.start - 40):fig.start].lower()
    return bool(re.search(r"\b(death toll|toll|crowd of|population of|home to)\b[^.;]*$", before))


def _percentage_points(text: str, figs: list[_Fig]) -> None:
    """"down 7.5 points" next to a percentage is percentage points."""
    for i, fig in enumerate(figs):
        m = re.match(r"^\s+points?\b", text[fig.end:fig.end + 10])
        if fig.unit in (None, "count") and m and any(f.unit == "percent" and abs(f.start - fig.start) < 80 for f in figs):
            fig.end += m.end()
            fig.unit = "percentage_point"
            fig.counted = None


def _magnitude(text: str, fig: _Fig) -> None:
    before = text[max(0, fig.start - 10):fig.start]
    m = re.search(r"(?i)\bmagnitude[- ]$", before)
    if m and fig.unit in (None, "count"):
        fig.start -= len(before) - m.start()
        fig.unit = "magnitude"


def _join_ranges(text: str, figs: list[_Fig], raw_of: dict) -> list[_Fig]:
    out: list[_Fig] = []
    i = 0
    while i < len(figs):
        a = figs[i]
        if i + 1 < len(figs) and a.value is not None and figs[i + 1].value is not None:
            b = figs[i + 1]
            gap = text[a.end:b.start]
            jm = _RANGE_JOIN.fullmatch(gap) if gap else None
            between = _RANGE_BETWEEN.search(text[max(0, a.start - 10):a.start])
            joiner = gap.strip().lower()
            ok_units = a.unit is None or b.unit is None or a.unit == b.unit
            if jm and ok_units and b.value >= a.value:
                is_and = joiner == "and"
                if (is_and and between) or (not is_and and joiner in ("-", "–", "—", "to")):
                    before_a = text[max(0, a.start - 12):a.start].lower()
                    if joiner == "to" and re.search(r"\b(from|rose|fell|up|down|cut|raised|lowered|increased|"
                                                    r"decreased|climbed|jumped|dropped)\s+$", before_a):
                        pass
                    elif joiner in ("-", "–") and _is_score(text, a, b):
                        pass
                    else:
                        r = _Fig(a.start, b.end, a.value, b.unit or a.unit)
                        # "$85 to 110 million": the high end's scale applies to the low end
                        if b.unit and a.unit is None and raw_of.get(id(b)) and b.value is not None and a.value is not None:
                            scale = _scale_of(text, b)
                            if scale and a.value * scale <= b.value:
                                a.value *= scale
                            r.value = a.value
                        r.value_max = b.value
                        r.approximation = "range"
                        r.counted = b.counted or a.counted
                        r.kind = "range"
                        if between:
                            r.start = a.start - (len(text[max(0, a.start - 10):a.start]) - between.start())
                        out.append(r)
                        i += 2
                        continue
        out.append(a)
        i += 1
    return out


def _scale_of(text: str, fig: _Fig) -> Decimal | None:
    m = re.search(r"(?i)\b(thousand|million|billion|trillion)\b", text[fig.start:fig.end])
    return Decimal(SCALES[m.group(1).lower()]) if m else None


def _is_score(text: str, a: _Fig, b: _Fig) -> bool:
    if a.unit or b.unit or a.value is None or b.value is None:
        return False
    if a.value != a.value.to_integral_value() or b.value != b.value.to_integral_value() or a.value > 200 or b.value > 200:
        return False
    sentence_start = max(text.rfind(".", 0, a.start), text.rfind("\n", 0, a.start)) + 1
    return bool(SCORE_WORDS.search(text[sentence_start:min(len(text), b.end + 40)]))


def _dedupe(figs: list[_Fig]) -> list[_Fig]:
    out: list[_Fig] = []
    for f in sorted(figs, key=lambda f: (f.start, -(f.end - f.start))):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def predict_one(text: str, doc=None) -> list[dict[str, Any]]:
    figs = find_figures(text, doc)
    ids = Ids()
    out = []
    for f in figs:
        if f.end <= f.start:
            continue
        d = f.as_dict(text, ids.next("F"))
        if d["approximation"] == "range" and (d["value"] is None or d["value_max"] is None or d["value_max"] < d["value"]):
            d["approximation"], d["value_max"] = "exact", None
        out.append(d)
    return out


def setup() -> None:
    spacy_pipeline()


def predict(texts: list[str]) -> list[dict]:
    docs = _nlp.parse(texts)
    return [{"figures": predict_one(text, doc)} for text, doc in zip(texts, docs)]
