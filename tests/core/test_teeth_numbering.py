"""FDI and Universal tooth numbers."""

from __future__ import annotations

from fusionsmile.core.teeth import all_fdi, contralateral, universal_number


def test_universal_numbers_run_1_to_32_round_the_mouth() -> None:
    assert [universal_number(fdi) for fdi in (18, 11, 21, 28, 38, 31, 41, 48)] == [
        1, 8, 9, 16, 17, 24, 25, 32,
    ]  # fmt: skip
    assert sorted(universal_number(fdi) for fdi in all_fdi()) == list(range(1, 33))


def test_contralateral_teeth_mirror_in_universal_numbers() -> None:
    # Upper teeth pair up to 17, lower teeth to 49.
    for fdi in all_fdi():
        total = 17 if fdi // 10 in (1, 2) else 49
        assert universal_number(fdi) + universal_number(contralateral(fdi)) == total
