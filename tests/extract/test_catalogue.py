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
