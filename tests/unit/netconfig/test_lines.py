import pytest

from provisioner.netconfig import LineCheckError
from provisioner.netconfig.lines import check_lines, line_problems, split_intended
from provisioner.netconfig.masking import Masker


@pytest.mark.parametrize("line", ["hostname a\x1b[2J", "description a\rb", "x" * 256, "name\tx", "description \x00"])
def test_unsafe_lines_are_found(line: str) -> None:
    assert line_problems(lines=["hostname ok", line])


def test_check_lines_reports_every_problem_masked() -> None:
    bad = ["hostname \x07", "username a secret 0 Pl4nted-Secr3t!\x1b", "y" * 300]
    with pytest.raises(LineCheckError) as err:
        check_lines(lines=bad, masker=Masker().with_values(["Pl4nted-Secr3t!"]))
    text = str(err.value)
    assert "line 1" in text
    assert "line 2" in text
    assert "line 3" in text
    assert "Pl4nted-Secr3t!" not in text


def test_split_intended_drops_comments_and_blank_lines() -> None:
    assert split_intended("hostname a\r\n!\n\ninterface x\n description y\n") == [
        "hostname a",
        "interface x",
        " description y",
    ]
