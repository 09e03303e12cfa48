"""The ID mask (core.privacy) over every way an ID number is written, and in the logs."""

from __future__ import annotations

import io
import logging
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from core.privacy import mask_data, mask_ids, mask_query
from sohoa import logmask

# ASCII, fullwidth, Arabic-Indic, Devanagari digits
DIGIT_SCRIPTS = ["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९"]
SEPARATORS = [" ", "\u00a0", "\u3000", ".", "-", "－"]
GROUPINGS = {9: [(9,), (3, 3, 3)], 12: [(12,), (4, 4, 4), (3, 3, 3, 3), (6, 6)]}
LABELS = ["", "CCCD", "CMND", "cccd", "Số CCCD: ", "ID", "số", "CCCD:", "CCCD-", "No."]
# Text around an ID: anything but digits (a digit right beside it would make it a longer number).
around = st.text(st.characters(exclude_categories=["Nd", "Cs"]), max_size=40)


@st.composite
def written_ids(draw) -> tuple[str, str]:
    """(the ID's ASCII digits, the ID as written)"""
    length = draw(st.sampled_from([9, 12]))
    number = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length, max_size=length)))
    script = draw(st.sampled_from(DIGIT_SCRIPTS))
    glyphs = "".join(script[int(d)] for d in number)
    grouping, separator = draw(st.sampled_from(GROUPINGS[length])), draw(st.sampled_from(SEPARATORS))
    parts, start = [], 0
    for size in grouping:
        parts.append(glyphs[start : start + size])
        start += size
    return number, draw(st.sampled_from(LABELS)) + separator.join(parts)


def visible_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdecimal())


@given(written_ids(), around, around)
@example(("040300481110", "CCCD040300481110"), "", "")
@example(("040300481110", "0403 0048 1110"), "số ", ", nơi cấp")
@example(("040300481110", "０４０３００４８１１１０"), "", "")
@example(("123456789", "CMND 123 456 789"), "", "")
def test_only_the_last_four_digits_of_an_id_remain(written, before, after):
    number, as_written = written
    text = before + as_written + after
    masked = mask_ids(text)
    assert visible_digits(masked) == number[-4:]
    assert len(masked) == len(text)
    assert all(a == b or (a.isdecimal() and b == "*") for a, b in zip(text, masked, strict=True))


@given(written_ids(), st.sampled_from(["1990", "2", "0912345678"]))
def test_an_id_followed_by_another_number_is_still_masked(written, other):
    number, as_written = written
    masked = mask_ids(f"{as_written} {other}")
    assert number[:-4] not in visible_digits(masked)


# Numbers that are no ID: a phone number (10), a date, an amount, a long number (hash digits, a timestamp).
others = st.one_of(
    st.from_regex(r"0[0-9]{9}", fullmatch=True),
    st.from_regex(r"[0-9]{2}/[0-9]{2}/[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9]{1,8}", fullmatch=True),
    st.from_regex(r"[0-9]{13,30}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}", fullmatch=True),
)


@given(st.lists(others, min_size=1, max_size=5))
def test_numbers_that_are_no_id_stay(numbers):
    text = ", ".join(numbers)
    assert mask_ids(text) == text


@given(st.text())
def test_masking_is_idempotent_and_only_hides_digits(text):
    masked = mask_ids(text)
    assert mask_ids(masked) == masked
    assert len(masked) == len(text)
    assert all(a == b or (a.isdecimal() and b == "*") for a, b in zip(text, masked, strict=True))


def test_the_findings_of_the_probe_are_masked():
    # The forms a tester found unmasked, and the ones that were.
    for text in ["CCCD040300481110", "0403 0048 1110", "０４０３００４８１１１０", "CMND:123456789",
                 "040300481110", "cccd 040300481110", "số 040-300-481-110", "CCCD số ０４０３ ００４８ １１１０"]:
        assert visible_digits(mask_ids(text)) == visible_digits(text)[-4:], text
    assert mask_ids("CCCD 056095001234, CMND 123456789") == "CCCD ********1234, CMND *****6789"


def test_audit_details_are_masked_all_the_way_down():
    detail = {"note": "CCCD 040300481110", "rows": [{"so": "123456789"}, 7], "n": 3}
    assert mask_data(detail) == {"note": "CCCD ********1110", "rows": [{"so": "*****6789"}, 7], "n": 3}


def test_log_lines_and_tracebacks_are_masked_on_every_handler(masked_logging):
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("rq.worker.test")  # a logger of another library, with its own handler
    logger.addHandler(handler)
    try:
        logger.warning("card %s read", "040300481110")
        try:
            raise ValueError("[parameters: {'ocr_text': 'Số: 0403 0048 1110'}]")
        except ValueError:
            logger.exception("commit failed")
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert "card ********1110 read" in text
    assert "Traceback" in text and "**** **** 1110" in text
    assert "040300481110" not in text and "0403 0048" not in text


def test_a_filter_masks_a_logger_set_up_on_its_own(caplog):
    logger = logging.getLogger("sohoa.test.filter")
    logger.addFilter(logmask.MaskIdNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("checking card %s", "056095001234")
    assert "056095001234" not in caplog.text and "********1234" in caplog.text



@given(written_ids(), around, st.integers(5, 12))
def test_a_search_for_an_id_or_a_part_of_it_is_logged_with_its_last_4_digits_only(written, after, typed):
    number, text = written
    assert visible_digits(mask_query(text + after)) == number[-4:]
    assert visible_digits(mask_query(number[-typed:])) == number[-4:]


def test_a_search_without_a_long_number_is_logged_as_typed():
    assert mask_query("Nguyễn Văn An 1990") == "Nguyễn Văn An 1990"
    assert mask_query("0001") == "0001"
