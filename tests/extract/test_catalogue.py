from extract.catalogue import get_procedure, load_procedures, national_code


def test_catalogue_lists_the_procedures_with_their_components():
    procedures = load_procedures()
    assert set(procedures) == {"1.001193", "1.000894", "1.004222", "2.000815"}
    marriage = procedures["1.000894"]
    cccd = next(c for c in marriage.components if c.id == "cccd")
    assert cccd.count == 2 and cccd.types == ["cccd"]
    assert load_procedures() is procedures  # read once


def test_local_instance_codes_resolve_to_the_national_procedure():
    assert get_procedure("2.000815.000.00.00.H55").code == "2.000815"
    assert get_procedure(" 1.001193 ").name == "Đăng ký khai sinh"
    assert national_code("1.004222.000.00.00.H56") == "1.004222"


def test_unknown_codes():
    assert get_procedure("9.999999") is None
    assert get_procedure("1.0011934") is None
    assert get_procedure("khai sinh") is None


def test_every_type_the_catalogue_names_is_one_the_classifier_can_answer():
    from extract.classify import CUES
    from extract.types import ALL_DOC_TYPES, RESULT_TYPES

    assert set(CUES) | {"unknown"} == set(ALL_DOC_TYPES)
    for procedure in load_procedures().values():
        for component in procedure.components:
            assert set(component.types) <= set(CUES), component.id
        assert set(procedure.results) <= set(RESULT_TYPES), procedure.code


def test_a_procedures_result_paper_is_never_one_of_its_components():
    procedures = load_procedures()
    assert procedures["1.001193"].results == ["giay_khai_sinh", "trich_luc_khai_sinh"]
    assert procedures["1.000894"].results == ["giay_chung_nhan_ket_hon"]
    for procedure in procedures.values():
        accepted = {t for c in procedure.components for t in c.types}
        assert not accepted & set(procedure.results), procedure.code


def test_a_clerk_may_correct_a_paper_to_a_result_or_legal_type():
    import pytest

    from extract.corrections import BadCorrection, validate

    validate("doc_type", "giay_khai_sinh")
    validate("doc_type", "van_ban_phap_luat")
    with pytest.raises(BadCorrection):
        validate("doc_type", "hoa_don")


def test_which_papers_wait_for_the_check_against_the_original():
    from extract.catalogue import needs_original_check

    # Shown and handed back (CCCD), or submitted as a copy (proof of residence): checked first.
    assert needs_original_check("1.001193", "cccd") and needs_original_check("1.004222", "hop_dong_thue_nha")
    # Originals the office keeps in the dossier: signed at once.
    assert not needs_original_check("1.001193", "giay_chung_sinh")
    assert not needs_original_check("1.001193", "to_khai_khai_sinh")
    # A paper fitting no component waits only where every component does (certifying copies of originals).
    assert not needs_original_check("1.000894", "giay_chung_sinh") and not needs_original_check("1.001193", None)
    assert needs_original_check("2.000815.000.00.00.H56", "unknown") and needs_original_check("2.000815", "cccd")
    assert not needs_original_check("9.999999", "cccd")


def test_a_correction_checks_each_persons_id_against_that_persons_birth_date():
    """Correcting the child's name on a birth certificate must not compare the mother's ID number (which the
    certificate also holds under `so_cccd`) with the child's birth date."""
    from extract.corrections import apply
    from extract.fields import derive
    from extract.types import ExtractedField, Extraction

    fields = {"ngay_sinh": ExtractedField(value="2025-04-28"), "so_cccd_me": ExtractedField(value="079303501218"),
              "nam_sinh_me": ExtractedField(value="2003")}
    read = Extraction(doc_type="giay_chung_sinh", doc_type_confidence=1.0, fields=derive(fields, "giay_chung_sinh"))
    assert read.fields["so_cccd"].value == "079303501218"  # the mother's number, copied as derive does
    fixed = apply(read, [{"target": "fields.ho_ten", "new": "Nguyễn Phương Nhi"}])
    assert [p.code for p in fixed.problems] == []
    wrong = apply(read, [{"target": "fields.nam_sinh_me", "new": "1990"}])
    assert [p.code for p in wrong.problems] == ["cccd_birth_year_mismatch"]  # the mother's own check still runs
