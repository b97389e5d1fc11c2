"""The real handbook builds clean with every warning an error and nitpicky references."""


def test_the_handbook_builds_clean_with_warnings_as_errors(handbook):
    status, warnings, _ = handbook
    assert warnings == ""
    assert status == 0
