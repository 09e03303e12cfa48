"""The spaCy pipeline: a rule tokenizer, folded token norms, and a Matcher for the printed field labels.

Labels are matched on folded norms (no diacritics, lowercase), with any punctuation or line break allowed
between their words, so "Họ, chữ đệm, tên", "HO CHU DEM TEN" and "Họ chữ đệm\ntên" are the same label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

import spacy
from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from core.vntext import fold, fold_keep_length

Follow = Literal["colon", "colon_or_digit", "docnum"] | None


@dataclass(frozen=True)
class LabelRule:
    key: str  # what the label introduces: a key of fields.LABELS, or "stop" (it only ends a value)
    phrases: tuple[str, ...]
    anywhere: bool = False  # may start mid-line ("Giới tính: Nam   Dân tộc: Kinh")
    follow: Follow = None  # what must come right after the label, always
    mid_follow: Follow = None  # ... only when the label is not at the start of its line


RULES: tuple[LabelRule, ...] = (
    LabelRule("name", ("Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ và tên", "Họ tên", "Tôi tên là")),
    # A card's bilingual labels: the English half alone is a label too (the Vietnamese one misread, or a
    # number set in between: "Họ và tên / 001080974678 Full name:").
    LabelRule("name", ("Họ và tên / Full name", "Full name"), anywhere=True, mid_follow="colon"),
    LabelRule("name", ("Tôi là",), follow="colon"),  # not "Tôi là mẹ của cháu ..." in a petition's body
    LabelRule("name_requester", ("Họ, chữ đệm, tên người yêu cầu", "Họ và tên người yêu cầu",
                                 "Xét đề nghị của ông", "Xét đề nghị của bà", "Xét đề nghị của ông/bà")),
    LabelRule("name_mother", ("Họ và tên mẹ", "Họ, chữ đệm, tên mẹ", "Họ, chữ đệm, tên người mẹ",
                              "Họ tên mẹ")),
    LabelRule("name_father", ("Họ và tên cha", "Họ, chữ đệm, tên cha", "Họ, chữ đệm, tên người cha",
                              "Họ tên cha")),
    LabelRule("child_name", ("Dự định đặt tên con", "Tên dự định đặt cho con", "Dự định đặt tên con là",
                             "Tên dự định đặt cho con là")),
    LabelRule("name_head", ("Họ, chữ đệm và tên chủ hộ", "Họ, chữ đệm, tên chủ hộ", "Họ và tên chủ hộ",
                            "Họ tên chủ hộ")),
    LabelRule("dob", ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày", "Ngày sinh / Date of birth",
                      "Date of birth"), anywhere=True, mid_follow="colon_or_digit"),
    LabelRule("birth_year", ("Năm sinh", "Sinh năm"), anywhere=True),
    LabelRule("birth_event", ("Đã sinh con vào lúc", "Sinh con vào lúc")),
    LabelRule("sex", ("Giới tính", "Giới tính / Sex", "Giới tính của con"), anywhere=True),
    LabelRule("ethnic", ("Dân tộc",), anywhere=True),
    LabelRule("nationality", ("Quốc tịch", "Quốc tịch / Nationality", "Nationality"), anywhere=True),
    LabelRule("origin", ("Quê quán", "Quê quán / Place of origin", "Place of origin"), anywhere=True,
              mid_follow="colon"),
    # Mid-line too: a card row "Có giá trị đến: 05/12/2036 Nơi thường trú / Place of residence: ...".
    LabelRule("residence", ("Nơi cư trú", "Nơi thường trú", "Nơi thường trú / Place of residence",
                            "Place of residence", "Nơi đăng ký thường trú", "Nơi đăng ký hộ khẩu thường trú",
                            "Địa chỉ thường trú"), anywhere=True, mid_follow="colon"),
    LabelRule("residence", ("Địa chỉ", "Nơi ở hiện tại", "Chỗ ở hiện nay")),
    LabelRule("residence", ("of residence",), anywhere=True, follow="colon"),  # "Place" lost to a card's glare
    LabelRule("birthplace", ("Nơi sinh",), anywhere=True, mid_follow="colon"),
    LabelRule("birthplace", ("Nơi đăng ký khai sinh", "Place of birth"), anywhere=True, mid_follow="colon"),
    LabelRule("birthplace", ("Tại",), follow="colon"),
    LabelRule("id_doc", ("Giấy tờ tùy thân", "Số giấy tờ tùy thân", "Số giấy tờ nhân thân", "Giấy tờ nhân thân")),
    LabelRule("id", ("Số CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh cá nhân", "Số định danh",
                     "Số CMND", "Số chứng minh nhân dân", "Số CMND/CCCD", "Số CCCD/CMND", "Số / No."),
              anywhere=True),
    LabelRule("id", ("Personal identification number", "Personal identification No"), anywhere=True,
              mid_follow="colon"),  # the 2024 card
    LabelRule("id_head", ("Số định danh cá nhân của chủ hộ", "Số định danh cá nhân chủ hộ")),
    LabelRule("phone", ("Số điện thoại", "Số điện thoại liên hệ", "Điện thoại", "SĐT"), anywhere=True),
    LabelRule("email", ("Email", "Thư điện tử"), anywhere=True, follow="colon"),
    LabelRule("relation", ("Quan hệ với người được khai sinh", "Quan hệ với chủ hộ",
                           "Mối quan hệ với chủ hộ")),
    LabelRule("marital", ("Tình trạng hôn nhân",)),
    LabelRule("recipient", ("Kính gửi",)),
    LabelRule("docnum", ("Số",), follow="docnum"),  # not "Số 12 Trần Phú" in an address
    LabelRule("expiry", ("Có giá trị đến", "Date of expiry", "Có giá trị đến / Date of expiry"),
              anywhere=True),
    LabelRule("issue_date", ("Ngày cấp", "Ngày, tháng, năm cấp", "Date of issue",
                             "Ngày, tháng, năm / Date, month, year")),  # the back of the CCCD
    LabelRule("lessor", ("Bên cho thuê", "Bên cho thuê (Bên A)", "Bên A (Bên cho thuê)")),
    LabelRule("lessor", ("Bên A",), follow="colon"),
    LabelRule("tenant", ("Bên thuê", "Bên thuê (Bên B)", "Bên B (Bên thuê)")),
    LabelRule("tenant", ("Bên B",), follow="colon"),
    LabelRule("house_addr", ("Địa chỉ nhà cho thuê", "Địa chỉ nhà thuê", "Địa chỉ căn nhà cho thuê")),
    # The address a contract or a residence form is about, inside a sentence ("thuê nhà ở tại địa chỉ: ...").
    LabelRule("at_address", ("tại địa chỉ",), anywhere=True, follow="colon"),
    LabelRule("at_address", ("Đăng ký thường trú tại", "Đăng ký tạm trú tại", "Đăng ký thường trú tại địa chỉ",
                             "Đăng ký tạm trú tại địa chỉ", "thuê nhà ở tại", "thuê nhà tại", "thuê căn nhà tại",
                             "thuê căn hộ tại", "thuê nhà ở tại địa chỉ", "thuê căn nhà tại địa chỉ"), anywhere=True),
    # A party of a contract under its heading ("BÊN THUÊ NHÀ (Bên B):" then "Ông/Bà: ...").
    LabelRule("name", ("Ông/Bà", "Bà/Ông", "Ông (Bà)", "Ông", "Bà"), follow="colon"),
    # Labels that only end the value before them.
    LabelRule("stop", ("Nội dung đề nghị", "Người yêu cầu", "Người làm đơn", "Cân nặng",
                       "Kết hôn lần thứ mấy", "Đặc điểm nhân dạng", "Nơi cấp", "Ghi chú",
                       "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây")),
    LabelRule("stop", ("Số con trong lần sinh", "Số lần sinh"), anywhere=True),
)

_LINE_LEAD = re.compile(r"[\s\-+•*·.|>]*(?:\(?(?:\d{1,2}[.):,]|(?:[a-z]|[ivx]+)[.)]))?[\s\-+•*·.|:]*")
# Between label words: punctuation, whitespace (line breaks included), or a "/" OCR read as I, l, 1, ƒ.
_FILLER = r"^(?:[^\w]+|[Il1|ƒ])$"


@dataclass(frozen=True)
class LabelHit:
    rule: LabelRule
    start: int  # character offsets in the text
    end: int


# Two consecutive label words OCR ran together ("nămsinh" in "Ngày, tháng, nămsinh"), folded -> where the
# second starts. Syllables are written apart, so no Vietnamese word is two label syllables glued.
GLUED: dict[str, int] = {}


@Language.component("fold_norms")
def fold_norms(doc: Doc) -> Doc:
    """Label words OCR glued together are split again; token norms become folded text, so patterns ignore
    tone marks, case and old/new tone placement."""
    glued = [(t, GLUED[f]) for t in doc if (f := fold_keep_length(t.text)) in GLUED and len(t.text) == len(f)]
    if glued:
        with doc.retokenize() as retokenizer:
            for token, cut in glued:
                retokenizer.split(token, [token.text[:cut], token.text[cut:]], heads=[(token, 0), (token, 0)])
    for token in doc:
        token.norm_ = fold(token.text) or token.text
    return doc


def _tokenizer(nlp: Language) -> Tokenizer:
    # Labels end in ":" or "," glued to the word ("tên:"), numbers carry "/" and "-" ("05/QĐ-UBND").
    infixes = [*TOKENIZER_INFIXES, r"[:;,|()\[\]]", r"(?<=[^\W\d_])/|/(?=[^\W\d_])", r"[–—]"]
    return Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=compile_prefix_regex([*TOKENIZER_PREFIXES, r"[/|]"]).search,
        suffix_search=compile_suffix_regex([*TOKENIZER_SUFFIXES, r"[/|:.]"]).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
    )


def _word(norm: str) -> dict:
    """Long label words tolerate OCR letter errors ("Place of orign", "Nationaliy"): 1 edit, 2 from 8 letters;
    so do abbreviations ("CGCD" for CCCD), which no real word is one letter away from."""
    if len(norm) >= 8:
        return {"NORM": {"FUZZY2": norm}}
    if len(norm) >= 5 or (len(norm) == 4 and not re.search("[aeiouy]", norm)):
        return {"NORM": {"FUZZY1": norm}}
    return {"NORM": norm}


def _english_word_lost(nlp: Language, phrase: str, words: list[str]) -> list[list[str]]:
    """A label's `words`, and for a bilingual label whose English half has two words or more, the same with
    one of them lost, not its last (a card read "Họ và tên name:" for "Họ và tên / Full name:")."""
    head, slash, tail = phrase.rpartition("/")
    if not slash or not head.strip() or not re.fullmatch(r"[A-Za-z ,]+", tail.strip()):
        return [words]
    english = [t.norm_ for t in nlp(tail) if not re.fullmatch(_FILLER, t.text)]
    if len(english) < 2 or words[-len(english) :] != english:
        return [words]
    vietnamese = words[: -len(english)]
    # Its last word stays: a last word misread, not lost ("Place of orrgn:"), must not end the label early.
    return [words] + [vietnamese + english[:i] + english[i + 1 :] for i in range(len(english) - 1)]


@lru_cache(maxsize=1)
def get_nlp() -> tuple[Language, Matcher]:
    """The pipeline and label matcher, built once per process."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = _tokenizer(nlp)
    nlp.add_pipe("fold_norms")
    matcher = Matcher(nlp.vocab)
    phrases = {rule: [[t.norm_ for t in nlp(phrase) if not re.fullmatch(_FILLER, t.text)]
                      for phrase in rule.phrases] for rule in RULES}
    GLUED.update({a + b: len(a) for each in phrases.values() for words in each for a, b in pairwise(words)
                  if len(a) > 1 and len(b) > 1})
    phrases = {rule: [v for phrase, words in zip(rule.phrases, each, strict=True)
                      for v in _english_word_lost(nlp, phrase, words)] for rule, each in phrases.items()}
    for i, rule in enumerate(RULES):
        patterns = []
        for words in phrases[rule]:
            pattern: list[dict] = []
            for j, w in enumerate(words):
                if j:
                    pattern.append({"TEXT": {"REGEX": _FILLER}, "OP": "*"})
                pattern.append(_word(w))
            patterns.append(pattern)
        matcher.add(str(i), patterns)
    return nlp, matcher


def _follows(text: str, end: int, need: Follow) -> bool:
    rest = text[end : end + 12].lstrip(" \t")
    if need == "colon":  # or the dotted leader a hand-filled form prints in its place ("tại địa chỉ.....")
        return rest[:1] in (":", ";") or re.match(r"(?:\.{2,}|…)", rest) is not None
    if need == "docnum":
        return rest[:1] in (":", ";") or re.match(r"[0-9Oo]{1,5}\s?[/|Il]", rest) is not None
    return rest[:1] in (":", ";") or rest[:1].isdigit()


def find_labels(text: str) -> list[LabelHit]:
    """Label occurrences in `text`, longest first among overlaps, in text order."""
    nlp, matcher = get_nlp()
    doc = nlp(text)
    folded = fold_keep_length(text)
    spans = []
    opening: set[int] = set()  # starts of the lines a label opens
    for match_id, start, end in matcher(doc):
        rule = RULES[int(nlp.vocab.strings[match_id])]
        span = doc[start:end]
        line_start = folded.rfind("\n", 0, span.start_char) + 1
        at_start = _LINE_LEAD.fullmatch(folded[line_start : span.start_char]) is not None
        if not at_start and not rule.anywhere:
            continue
        need = rule.follow or (None if at_start else rule.mid_follow)
        if need and not _follows(text, span.end_char, need):
            continue
        spans.append((span, rule))
        if at_start:
            opening.add(line_start)
    # A label begun mid-line may wrap ("tại địa\nchỉ:"), but not into a label that opens the next line:
    # "Giới tính: Nam\nSinh ngày" holds no "Năm sinh".
    spans = [(s, r) for s, r in spans if not any(s.start_char < o < s.end_char for o in opening)]
    kept = {(s.start, s.end) for s in filter_spans([s for s, _ in spans])}
    hits = {}
    for span, rule in spans:
        if (span.start, span.end) in kept and (span.start, span.end) not in hits:
            hits[(span.start, span.end)] = LabelHit(rule, span.start_char, span.end_char)
    out: list[LabelHit] = []
    for hit in sorted(hits.values(), key=lambda h: h.start):
        # The two halves of a bilingual label ("Nơi cư trú / Place of residence") are one label.
        if out and out[-1].rule.key == hit.rule.key and re.fullmatch(r"[\s/|]*", text[out[-1].end : hit.start]):
            out[-1] = LabelHit(out[-1].rule, out[-1].start, hit.end)
        else:
            out.append(hit)
    return out
