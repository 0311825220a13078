"""read_long_csv: the long format, and one precise error per bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from samla.core.survey import DK, Answer, SurveyInputError, read_long_csv

HEADER = "municipality,wave,item,value\n"


def write(tmp_path: Path, text: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_values_dont_know_and_missing(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "3420,2019,q1,4\n3427,2019,q1,dk\n3443,2019,q1,\n3448,2019,q1, DK \n")
    assert read_long_csv(path) == [Answer("3420", "2019", "q1", 4), Answer("3427", "2019", "q1", DK),
                                   Answer("3443", "2019", "q1", None), Answer("3448", "2019", "q1", DK)]


def test_bom_crlf_quoting_blank_lines_and_padding_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffMunicipality, wave ,item,value\r\n\r\n\" 3420 \",2019,\"q,1\",5\r\n,,,\r\n"
                     .encode())
    assert read_long_csv(str(path)) == [Answer("3420", "2019", "q,1", 5)]


def test_header_only_gives_no_answers(tmp_path: Path) -> None:
    assert read_long_csv(write(tmp_path, HEADER)) == []


@pytest.mark.parametrize(("text", "message"), [
    ("", "r.csv:1: the file is empty; expected the header municipality,wave,item,value"),
    ("kommune,bølge,item,value\n3420,2019,q1,3\n",
     "r.csv:1: the header must be municipality,wave,item,value, not kommune,bølge,item,value"),
    ("municipality,wave,item\n",
     "r.csv:1: the header must be municipality,wave,item,value, not municipality,wave,item"),
    (HEADER + "3420,2019,q1,3\n3427,2019,q1,6\n", "r.csv:3: value '6' is not one of 1, 2, 3, 4, 5, dk or empty"),
    (HEADER + "3420,2019,q1,3.5\n", "r.csv:2: value '3.5' is not one of 1, 2, 3, 4, 5, dk or empty"),
    (HEADER + "3420,2019,q1,vet ikke\n", "r.csv:2: value 'vet ikke' is not one of 1, 2, 3, 4, 5, dk or empty"),
    (HEADER + "3420,2019,q1,3\n3427,2019,q1,3\n\n3420,2019,q1,4\n",
     "r.csv:5: duplicate answer for municipality 3420, wave 2019, item q1 (first on line 2)"),
    (HEADER + "3420,2019,q1,3\n 3420 ,2019,q1 ,4\n",
     "r.csv:3: duplicate answer for municipality 3420, wave 2019, item q1 (first on line 2)"),
    (HEADER + "3420,2019,q1\n", "r.csv:2: expected 4 fields (municipality,wave,item,value), found 3"),
    (HEADER + "3420,2019,q1,3,x\n", "r.csv:2: expected 4 fields (municipality,wave,item,value), found 5"),
    (HEADER + ",2019,q1,3\n", "r.csv:2: municipality is empty"),
    (HEADER + "3420, ,q1,3\n", "r.csv:2: wave is empty"),
    (HEADER + "3420,2019,,\n", "r.csv:2: item is empty"),
    (HEADER + '3420,2019,"q1,3\n', "r.csv:2: malformed CSV: unexpected end of data"),
])
def test_bad_files(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SurveyInputError) as exc:
        read_long_csv(path)
    assert str(exc.value) == str(tmp_path / message)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "3420,2019,q1,3\n5014,2019,Frøya,3\n").encode("latin-1"))
    with pytest.raises(SurveyInputError, match=r"latin1\.csv:3: the file is not UTF-8 text$"):
        read_long_csv(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SurveyInputError, match=r"missing\.csv: cannot read the file: No such file or directory$"):
        read_long_csv(tmp_path / "missing.csv")
    with pytest.raises(SurveyInputError, match=r": cannot read the file: Is a directory$"):
        read_long_csv(tmp_path)
