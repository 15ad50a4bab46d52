"""The danvan command line: exit statuses, formats, languages, error messages, loading."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from danvan import _cli, _command
from danvan._cli import main
from danvan.errors import LoadError, Problem

ROOT = Path(__file__).parent.parent
SEED = str(ROOT / "examples" / "nam_dinh_2017_2021.py")
GUNS = ["report", SEED, "--metric", "surrendered.guns", "--period", "2017/2021", "--place", "36"]

Captured = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command speaks its default language (Vietnamese) unless a test says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def run(capsys: Captured, *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return its status, stdout and stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def python_file(tmp_path: Path, body: str, name: str = "data.py") -> str:
    """A Python dataset file with ``body`` (dedented)."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


BROKEN = """\
    import danvan

    def build():
        figure = danvan.parse_quantity("3 quả")
        period = danvan.parse_period("2021")
        return danvan.Dataset(observations=[
            danvan.Observation(id="x", metric="tips", value=danvan.parse_quantity("4 tin"),
                               period=period, place="nowhere"),
            danvan.Observation(id="y", metric="surrendered.bombs", value=figure, period=period),
        ])
"""

REPEATED = """\
    import danvan

    def build():
        tips = danvan.parse_quantity("120 tin")
        period = danvan.parse_period("2021")
        return danvan.Dataset(sources=[danvan.Source(id="bao", title="Tin")], observations=[
            danvan.Observation(id=name, metric="tips", value=tips, period=period, source="bao")
            for name in ("x", "y")
        ])
"""


# -- help and usage ------------------------------------------------------------------------------


COMMANDS = [[], ["report"], ["validate"], ["catalogue"], ["convert"], ["template"], ["attainment"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_exits_zero_and_shows_examples(capsys: Captured, command: list[str]) -> None:
    """--help of danvan and of each command prints usage and examples, and exits 0."""
    status, out, _ = run(capsys, *command, "--help", "--lang", "en")
    assert 0 == status
    assert "usage: danvan" in out
    assert "examples:" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_vietnamese_by_default(capsys: Captured, command: list[str]) -> None:
    """Without --lang or a locale, help is Vietnamese throughout: usage, sections, options."""
    status, out, _ = run(capsys, *command, "--help")
    assert 0 == status
    assert "cách dùng: danvan" in out
    assert "ví dụ:" in out
    assert "in hướng dẫn này rồi thoát" in out
    for english in ("usage:", "examples:", "show this help", "options:", "positional arguments"):
        assert english not in out


def test_the_locale_chooses_english(capsys: Captured, monkeypatch: pytest.MonkeyPatch) -> None:
    """An English locale (LANG=en_US.UTF-8) makes help, messages and reports English."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    status, out, _ = run(capsys, *GUNS)
    assert 0 == status
    assert "Within: Nam Định (36)" in out
    status, _, err = run(capsys, "report", SEED, "--metric", "unicorns")
    assert err.startswith("danvan: error: unknown metric 'unicorns'")


def test_a_vietnamese_locale_and_lang_en(capsys: Captured, monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang en wins over a Vietnamese locale; the locale wins over the default."""
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    _, vi, _ = run(capsys, "catalogue", "--help")
    _, en, _ = run(capsys, "catalogue", "--help", "--lang", "en")
    assert ("cách dùng: danvan catalogue", "usage: danvan catalogue") == (vi[:27], en[:23])


def test_version(capsys: Captured) -> None:
    """--version prints the version and exits 0."""
    status, out, _ = run(capsys, "--version")
    assert 0 == status
    assert out.startswith("danvan ")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["report", SEED], "the following arguments are required: --metric"),
        (["report", SEED, "--metric", "tips", "--period", "2021-Q5"], "argument --period:"),
        (["report", SEED, "--metric", "tips", "--by", "galaxy"], "unknown grouping 'galaxy'"),
        (["report", SEED, "--metric", "tips", "--as-of", "31-02-2021"], "no such date"),
        (["report", SEED, "--metric", "tips", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["report", SEED, "--metric", "tips", "--by", "province,district"], "argument --by:"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: Captured, argv: list[str], expected: str
) -> None:
    """A wrong command line exits 2 with one 'danvan: error:' line and nothing on stdout."""
    status, out, err = run(capsys, *argv, "--lang", "en")
    assert (2, "") == (status, out)
    assert 1 == len(err.splitlines())
    assert err.startswith("danvan: error: ")
    assert expected in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "thiếu đối số bắt buộc: LỆNH"),
        (["report", SEED], "thiếu đối số bắt buộc: --metric"),
        (["report", SEED, "--metric", "tips", "--period", "2021-Q5"], "đối số --period: "),
        (["report", SEED, "--metric", "tips", "--by", "galaxy"], "không có cách nhóm 'galaxy'"),
        (["report", SEED, "--metric", "tips", "--lang", "fr"], "lựa chọn không hợp lệ: 'fr'"),
        (["frobnicate"], "đối số LỆNH: lựa chọn không hợp lệ: 'frobnicate'"),
    ],
)
def test_usage_errors_are_vietnamese(capsys: Captured, argv: list[str], expected: str) -> None:
    """A wrong command line is told in Vietnamese by default, argparse's own words too."""
    status, out, err = run(capsys, *argv)
    assert (2, "") == (status, out)
    assert err.startswith("danvan: lỗi: ")
    assert expected in err
    assert err.rstrip().endswith("--help')")


def test_python_m_danvan_help() -> None:
    """``python -m danvan --help`` runs the same command line in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "danvan", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert 0 == done.returncode
    assert "validate" in done.stdout


# -- report ----------------------------------------------------------------------------------


def test_how_many_guns_were_surrendered(capsys: Captured) -> None:
    """ "How many guns were surrendered in Nam Định 2017–2021?" answers 153 khẩu."""
    status, out, err = run(capsys, *GUNS)
    assert (0, "") == (status, err)
    assert "153 khẩu" in out.splitlines()


def test_metric_may_be_named(capsys: Captured) -> None:
    """--metric accepts a name that finds exactly one metric: "guns" is surrendered.guns."""
    status, out, _ = run(capsys, "report", SEED, "--metric", "guns", "--lang", "en")
    assert 0 == status
    assert "Metric: guns (surrendered.guns)" in out
    assert "153 guns" in out


def test_place_out_of_force_is_explained(capsys: Captured) -> None:
    """A place merged away before the as-of date has no area then: one error line says so."""
    status, _, err = run(
        capsys, "report", SEED, "--metric", "tips", "--as-of", "2026-01-01", "--place", "36",
        "--lang", "en",
    )  # fmt: skip
    assert 1 == status
    assert "place 36 is not in force on 2026-01-01" in err


def test_place_may_be_named(capsys: Captured) -> None:
    """--place accepts a place name as well as a code."""
    status, out, _ = run(
        capsys, "report", SEED, "--metric", "tips", "--period", "2017/2021", "--place", "nam dinh"
    )
    assert 0 == status
    assert "Trong phạm vi: Nam Định (36)" in out


def test_vietnamese_and_english_numbers(capsys: Captured) -> None:
    """Vietnamese output reads "gần 9.000 tin"; English output "nearly 9,000 tips"."""
    tips = ["report", SEED, "--metric", "tips", "--period", "2017/2021", "--by", "province"]
    status_vi, vi, _ = run(capsys, *tips)
    status_en, en, _ = run(capsys, *tips, "--lang", "en")
    assert (0, 0) == (status_vi, status_en)
    assert "gần 9.000 tin" in vi
    assert "Nhóm theo: tỉnh" in vi
    assert "nearly 9,000 tips" in en
    assert "Grouped by: province" in en


def test_honest_qualifiers_and_bounds(capsys: Captured) -> None:
    """Blood-donation turns stay "hơn 3.100 lượt"; --bounds shows the open interval above."""
    status, out, _ = run(
        capsys, "report", SEED, "--metric", "blood.turns", "--period", "2017/2021", "--place",
        "36", "--bounds",
    )  # fmt: skip
    assert 0 == status
    assert "hơn 3.100 lượt  (3.100; ∞)" in out


def test_sources_quote_the_article(capsys: Captured) -> None:
    """--sources lists the observations behind each total with the source's own words."""
    status, out, _ = run(capsys, *GUNS, "--sources")
    assert 0 == status
    assert "153 khẩu súng" in out


def test_surrendered_items_keep_their_units(capsys: Captured) -> None:
    """By sub-metric, each kind of item keeps its unit: grams never add to pieces."""
    status, out, _ = run(
        capsys, "report", SEED, "--metric", "surrendered", "--by", "submetric", "--as-of",
        "2021-12-31", "--place", "36",
    )  # fmt: skip
    assert 0 == status
    for figure in ("180 gam", "32 quả", "153 khẩu", "3.089 viên", "12 kíp"):
        assert figure in out


def test_left_out_and_missing_are_printed(capsys: Captured) -> None:
    """Figures that span several years are left out with a reason; the years show as missing;
    with nothing to total, a warning says why and the command exits 1."""
    status, out, err = run(
        capsys, "report", SEED, "--metric", "tips", "--period", "2017/2021", "--by", "year",
        "--lang", "en",
    )  # fmt: skip
    assert 1 == status
    assert err.startswith("danvan: warning: no figures to total: 1 figures were left out")
    assert "spans several years (never pro-rated)" in out
    assert "No figures (missing, not zero)" in out
    assert "year      2021" in out


def test_json_output_parses(capsys: Captured) -> None:
    """--format json prints one JSON document with the totals typed."""
    status, out, _ = run(capsys, *GUNS, "--format", "json")
    assert 0 == status
    data = json.loads(out)
    value = data["sections"][0]["rows"][0]["value"]
    assert (153, "khau", "exact") == (value["value"], value["unit"], value["qualifier"])
    assert "surrendered.guns" == data["facts"]["metric"]


def test_csv_output_parses(capsys: Captured) -> None:
    """--format csv prints the totals as CSV."""
    status, out, _ = run(capsys, *GUNS, "--by", "province", "--format", "csv", "--lang", "en")
    assert 0 == status
    assert [
        ["Province code", "Province", "Value"],
        ["36", "Nam Định", "153"],
    ] == [row[:3] for row in csv.reader(io.StringIO(out))]


def test_csv_says_what_it_leaves_out(capsys: Captured) -> None:
    """CSV holds the first table only; stderr says which other sections have rows."""
    status, _, err = run(
        capsys, "report", SEED, "--metric", "tips", "--period", "2017/2021", "--by", "year",
        "--format", "csv", "--lang", "en",
    )  # fmt: skip
    assert 1 == status  # nothing to total: see the warning
    assert "danvan: note:" in err
    assert "Left out (1)" in err


def test_markdown_output(capsys: Captured) -> None:
    """--format markdown prints a heading and a pipe table."""
    status, out, _ = run(capsys, *GUNS, "--format", "markdown")
    assert 0 == status
    assert out.startswith("## Súng các loại\n")
    assert "| 153 khẩu |" in out


# -- errors -------------------------------------------------------------------------------------


def test_unknown_metric_is_one_line_naming_it(capsys: Captured) -> None:
    """An unknown metric exits 1 with one line that names it."""
    status, out, err = run(capsys, "report", SEED, "--metric", "unicorns", "--lang", "en")
    assert (1, "") == (status, out)
    assert ["danvan: error: unknown metric 'unicorns'"] == err.splitlines()


def test_ambiguous_metric_lists_candidates(capsys: Captured) -> None:
    """A name that finds several metrics exits 1 and lists them."""
    status, _, err = run(capsys, "report", SEED, "--metric", "explosives", "--lang", "en")
    assert 1 == status
    assert "ambiguous" in err
    assert "surrendered.explosives" in err


def test_unknown_place_suggests_codes(capsys: Captured) -> None:
    """An unknown place exits 1 with one line."""
    status, _, err = run(
        capsys, "report", SEED, "--metric", "tips", "--place", "Atlantis", "--lang", "en"
    )
    assert 1 == status
    assert ["danvan: error: unknown place code 'Atlantis'"] == err.splitlines()


def test_missing_file_is_one_line(capsys: Captured, tmp_path: Path) -> None:
    """A file that is not there exits 1 with one line naming it."""
    missing = str(tmp_path / "nope.json")
    status, _, err = run(capsys, "report", missing, "--metric", "tips", "--lang", "en")
    assert 1 == status
    assert [f"danvan: error: {missing}: no such file"] == err.splitlines()


def test_directory_is_not_a_file(capsys: Captured, tmp_path: Path) -> None:
    """A directory given as FILE exits 1 saying it is not a file."""
    status, _, err = run(capsys, "validate", str(tmp_path), "--lang", "en")
    assert 1 == status
    assert [f"danvan: error: {tmp_path}: not a file"] == err.splitlines()


def test_python_file_without_build(capsys: Captured, tmp_path: Path) -> None:
    """A Python file must define build(); the message says so."""
    path = python_file(tmp_path, "X = 1\n")
    status, _, err = run(capsys, "report", path, "--metric", "tips", "--lang", "en")
    assert 1 == status
    assert "defines no build() function" in err


def test_python_file_that_fails_is_one_line(capsys: Captured, tmp_path: Path) -> None:
    """An exception in the Python file exits 1 with one line naming the file and the error."""
    path = python_file(tmp_path, "def build():\n    raise RuntimeError('boom')\n")
    status, _, err = run(capsys, "validate", path, "--lang", "en")
    assert 1 == status
    assert [f"danvan: error: {path}: build() failed: RuntimeError: boom"] == err.splitlines()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """--debug lets the exception through, so Python prints its traceback."""
    path = python_file(tmp_path, "def build():\n    raise RuntimeError('boom')\n")
    with pytest.raises(_cli._CommandError) as caught:
        main(["validate", path, "--debug"])
    assert isinstance(caught.value.__cause__, RuntimeError)
    with pytest.raises(_cli._CommandError):
        main(["--debug", "validate", path])


# -- validate -----------------------------------------------------------------------------------


def test_validate_seed_exits_0(capsys: Captured) -> None:
    """The seed is consistent: exit 0, and the count of findings says so."""
    status, out, _ = run(capsys, "validate", SEED)
    assert (0, [f"{SEED}: 0 lỗi, 0 cảnh báo, 0 thông tin"]) == (status, out.splitlines())


def test_validate_warnings_exit_0(capsys: Captured, tmp_path: Path) -> None:
    """Warnings alone exit 0; each is printed with its record, severity and code."""
    path = python_file(tmp_path, REPEATED)
    status, out, _ = run(capsys, "validate", path)
    assert 0 == status
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}: y: cảnh báo: ")
    assert lines[0].endswith("[một nguồn nêu hai lần: repeated-in-source]")
    assert f"{path}: 0 lỗi, 1 cảnh báo, 0 thông tin" == lines[-1]


def test_validate_errors_exit_1(capsys: Captured, tmp_path: Path) -> None:
    """A dataset with errors exits 1; each finding names its record and severity."""
    path = python_file(tmp_path, BROKEN)
    status, out, _ = run(capsys, "validate", path, "--lang", "en")
    assert 1 == status
    assert f"{path}: x: error: place names unknown place 'nowhere' [unknown-reference]" in out
    assert f"{path}: 1 error(s), 0 warning(s), 0 info(s)" == out.splitlines()[-1]


def test_validate_json(capsys: Captured, tmp_path: Path) -> None:
    """--format json: one document, ok per file and overall, findings by stable values."""
    broken = python_file(tmp_path, BROKEN)
    status, out, _ = run(capsys, "validate", SEED, broken, "--format", "json")
    assert 1 == status
    data = json.loads(out)
    assert (False, [True, False]) == (data["ok"], [f["ok"] for f in data["files"]])
    finding = data["files"][1]["sections"][0]["rows"][0]
    assert {"severity": "error", "code": "unknown-reference", "record": "x"} == {
        k: finding[k] for k in ("severity", "code", "record")
    }


@pytest.mark.parametrize(("fmt", "start"), [("table", "Kết quả kiểm tra: "), ("markdown", "## ")])
def test_validate_as_report(capsys: Captured, tmp_path: Path, fmt: str, start: str) -> None:
    """--format table and markdown render the validation as a report per file."""
    status, out, _ = run(capsys, "validate", python_file(tmp_path, REPEATED), "--format", fmt)
    assert 0 == status
    assert out.startswith(start)
    assert "repeated-in-source" in out


def test_validate_rules_from_a_file(capsys: Captured, tmp_path: Path) -> None:
    """--rules runs the RULES of a Python file instead of the default rules."""
    rules = python_file(
        tmp_path,
        """\
        from danvan import FunctionRule, Severity

        RULES = [FunctionRule(code="no-tips", severity=Severity.ERROR, description="d",
                              function=lambda ds: [(o.id, "tips!") for o in ds.observations
                                                   if o.metric == "tips"])]
        """,
        name="rules.py",
    )
    status, out, _ = run(capsys, "validate", SEED, "--rules", rules, "--lang", "en")
    assert 1 == status
    assert f"{SEED}: tips: error: tips! [no-tips]" == out.splitlines()[0]
    assert "repeated-in-source" not in out


def test_rules_must_be_rules(capsys: Captured, tmp_path: Path) -> None:
    """RULES that are not rules are refused with a message naming the file."""
    rules = python_file(tmp_path, "RULES = [1]\n", name="rules.py")
    status, _, err = run(capsys, "validate", SEED, "--rules", rules, "--lang", "en")
    assert 1 == status
    assert "RULES[0] is not a rule" in err


def test_file_that_does_not_load_reports_located_problems(
    capsys: Captured, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate reports each problem of a file that does not load, located, as an error."""
    problem = Problem("$.observations[3].value", "must be >= 0, got -3")

    def load(path: Path) -> object:
        raise LoadError(str(path), [problem])

    monkeypatch.setitem(sys.modules, "danvan.serialization", types.SimpleNamespace(load=load))
    data = tmp_path / "bad.json"
    data.write_text("{}", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(data), "--lang", "en")
    assert 1 == status
    assert f"{data}: $.observations[3].value: error: must be >= 0, got -3 [load]" in out


# -- catalogue and convert ------------------------------------------------------------------------


def test_catalogue(capsys: Captured) -> None:
    """catalogue lists the metrics with unit and aggregation, in either language."""
    status_vi, vi, _ = run(capsys, "catalogue")
    status_en, en, _ = run(capsys, "catalogue", "--lang", "en")
    assert (0, 0) == (status_vi, status_en)
    assert "surrendered.guns" in vi
    assert "phát sinh trong kỳ" in vi
    assert "flow: summed over time and places" in en


def test_catalogue_json(capsys: Captured) -> None:
    """catalogue --format json lists each metric with stable values."""
    status, out, _ = run(capsys, "catalogue", "--format", "json")
    assert 0 == status
    rows = {r["code"]: r for r in json.loads(out)["sections"][0]["rows"]}
    assert ("khau", "flow", "surrendered") == (
        rows["surrendered.guns"]["unit"],
        rows["surrendered.guns"]["aggregation"],
        rows["surrendered.guns"]["parent"],
    )


def test_convert_round_trip(capsys: Captured, tmp_path: Path) -> None:
    """convert writes JSON that reports the same answer as the Python file it came from."""
    target = tmp_path / "seed.json"
    status, out, _ = run(capsys, "convert", SEED, str(target))
    assert 0 == status
    assert f"đã ghi {target}: 16 số liệu" == out.strip()
    status, out, _ = run(capsys, *GUNS[:1], str(target), *GUNS[2:])
    assert 0 == status
    assert "153 khẩu" in out.splitlines()


def test_convert_refuses_to_overwrite(capsys: Captured, tmp_path: Path) -> None:
    """convert does not replace an existing file unless --force."""
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    status, _, err = run(capsys, "convert", SEED, str(target))
    assert 1 == status
    assert "đã có tệp này; thêm --force để ghi đè" in err
    assert "keep me" == target.read_text(encoding="utf-8")


def test_convert_force_replaces_read_only_and_linked_files(
    capsys: Captured, tmp_path: Path
) -> None:
    """--force replaces a read-only OUT, and through a symbolic link the file it points to;
    without --force a link counts as existing."""
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    status, out, _ = run(capsys, "convert", SEED, str(target), "--force", "--lang", "en")
    assert (0, "wrote") == (status, out.split(" ", 1)[0])
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "real.json")
    status, _, err = run(capsys, "convert", SEED, str(link), "--lang", "en")
    assert 1 == status
    assert "already exists; pass --force" in err
    status, _, _ = run(capsys, "convert", SEED, str(link), "--force")
    assert (0, True) == (status, link.is_symlink())
    assert (tmp_path / "real.json").read_text(encoding="utf-8").startswith("{")


def test_convert_observations_only(capsys: Captured, tmp_path: Path) -> None:
    """CSV holds observations only: a whole dataset needs --observations-only, as the error says."""
    target = tmp_path / "seed.csv"
    status, _, err = run(capsys, "convert", SEED, str(target))
    assert 1 == status
    assert "--observations-only" in err
    status, _, _ = run(capsys, "convert", SEED, str(target), "--observations-only")
    assert 0 == status
    assert target.exists()


@pytest.mark.parametrize("name", ["x.py", "x.txt"])
def test_convert_writes_only_data_files(capsys: Captured, tmp_path: Path, name: str) -> None:
    """OUT that is not a .json, .jsonl, .csv or .xlsx file is a usage error."""
    status, _, err = run(capsys, "convert", SEED, str(tmp_path / name), "--lang", "en")
    assert 2 == status
    assert "OUT must be a .json, .jsonl, .csv or .xlsx file" in err
    assert [] == list(tmp_path.iterdir())


def test_convert_into_a_missing_folder_names_the_folder(capsys: Captured, tmp_path: Path) -> None:
    """Writing into a folder that does not exist says which folder, not a temporary file."""
    status, _, err = run(capsys, "convert", SEED, str(tmp_path / "no" / "x.json"))
    assert 1 == status
    assert f"{tmp_path / 'no'}: no such folder" in err


# -- progress ------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# A load that lasts until its progress line is on stderr (or a minute, should it never be):
# it is slow exactly as long as the test needs, whatever the machine's speed.
SLOW = (
    "import sys, time\nimport danvan\n\ndef build():\n"
    "    until = time.monotonic() + 60\n"
    "    while 'đang đọc' not in sys.stderr.getvalue() and time.monotonic() < until:\n"
    "        time.sleep(0.01)\n"
    "    return danvan.Dataset()\n"
)
QUICK = "import danvan\n\ndef build():\n    return danvan.Dataset()\n"


def test_progress_on_a_terminal_when_loading_is_slow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Captured
) -> None:
    """A load outlasting the delay shows "loading FILE…" on stderr when it is a terminal."""
    path = python_file(tmp_path, SLOW)
    terminal = _Terminal()
    monkeypatch.setattr(_command, "PROGRESS_AFTER", 0.01)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert 0 == main(["validate", path])
    assert f"danvan: đang đọc {path}…\n" == terminal.getvalue()


def test_progress_at_once_when_the_delay_is_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Captured
) -> None:
    """A delay of 0 shows the progress line before loading, however quick the load."""
    path = python_file(tmp_path, QUICK)
    terminal = _Terminal()
    monkeypatch.setattr(_command, "PROGRESS_AFTER", 0)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert 0 == main(["validate", path])
    assert f"danvan: đang đọc {path}…\n" == terminal.getvalue()


def test_no_progress_when_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Captured
) -> None:
    """Piped or redirected stderr gets no progress line, even when it would show at once."""
    path = python_file(tmp_path, QUICK)
    monkeypatch.setattr(_command, "PROGRESS_AFTER", 0)
    status, _, err = run(capsys, "validate", path)
    assert (0, "") == (status, err)


def test_no_progress_when_loading_is_quick(
    monkeypatch: pytest.MonkeyPatch, capsys: Captured
) -> None:
    """A load that takes less than the delay (an hour here) prints nothing, on a terminal."""
    terminal = _Terminal()
    monkeypatch.setattr(_command, "PROGRESS_AFTER", 3600)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert 0 == main(["validate", SEED])
    assert "" == terminal.getvalue()


def test_a_terminal_that_cannot_show_vietnamese_gets_utf8() -> None:
    """On an ASCII stream the report is written in UTF-8 rather than failing midway."""
    done = subprocess.run(
        [sys.executable, "-m", "danvan", "report", SEED, "--metric", "tips"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert (0, b"") == (done.returncode, done.stderr)
    assert "(tips)" in done.stdout.decode("utf-8")


# -- spreadsheets from the command line ------------------------------------------------------

FIGURES = "Chỉ tiêu;Giá trị;Kỳ;Địa bàn\ntips;120;2021;36\ntips;80;2021;Hà Nam\ntips;50;2022;36\n"


def sheet(tmp_path: Path, text: str = FIGURES, name: str = "so-lieu.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_spreadsheet_totals_by_province(capsys: Captured, tmp_path: Path) -> None:
    """A file of figures naming provinces by code or name totals by province and year: its
    places are the nation's (--places auto), and today's map says which units it merged."""
    status, out, err = run(
        capsys, "report", sheet(tmp_path), "--metric", "tips", "--by", "province,year"
    )
    assert (0, "") == (status, err)
    assert "37       Ninh Bình  2021  200 tin" in out
    assert "Hà Nam (35), Nam Định (36) nay thuộc Ninh Bình (37)" in out


def test_a_spreadsheet_validates_against_the_nations_places(
    capsys: Captured, tmp_path: Path
) -> None:
    """validate of a file of figures knows the national codes: no unknown place."""
    path = sheet(tmp_path)
    status, out, _ = run(capsys, "validate", path)
    assert 0 == status
    assert f"{path}: 0 lỗi, 0 cảnh báo, 0 thông tin" == out.splitlines()[-1]


def test_own_places_only_leave_the_figures_unplaced(capsys: Captured, tmp_path: Path) -> None:
    """--places own keeps the file's own (no) places: nothing totals by province, and the
    warning says why and what to try."""
    status, _, err = run(
        capsys, "report", sheet(tmp_path), "--metric", "tips", "--by", "province", "--places", "own"
    )
    assert 1 == status
    assert err.startswith(
        "danvan: cảnh báo: không có số liệu nào để tổng hợp: 3 số liệu bị để ngoài"
    )
    assert "thử --places national" in err


def test_an_empty_answer_exits_1_and_says_so(capsys: Captured, tmp_path: Path) -> None:
    """A question no figure answers prints the empty report, warns, and exits 1."""
    status, out, err = run(
        capsys, "report", sheet(tmp_path), "--metric", "tips", "--period", "2019"
    )
    assert 1 == status
    assert "Kết quả: không có số liệu nào" in out
    assert "tệp không có số liệu nào của chỉ tiêu này trong kỳ đã chọn" in err


def test_load_problems_are_vietnamese(capsys: Captured, tmp_path: Path) -> None:
    """A file that does not load is told in Vietnamese: problem and location."""
    path = sheet(tmp_path, "Chỉ tiêu;Giá trị;Kỳ\ntips;1.5;2021\n")
    status, out, _ = run(capsys, "validate", path)
    assert 1 == status
    assert out.startswith(f'{path}: dòng 2, cột "value": lỗi: ')


def test_csv_for_a_vietnamese_spreadsheet(capsys: Captured, tmp_path: Path) -> None:
    """--format csv in Vietnamese starts with a BOM, separates cells with ";" and writes
    figures as numbers."""
    target = tmp_path / "out.csv"
    status, out, _ = run(
        capsys, "report", sheet(tmp_path), "--metric", "tips", "--by", "province", "--as-of",
        "2022-12-31", "--format", "csv", "-o", str(target),
    )  # fmt: skip
    assert 0 == status
    assert f"đã ghi {target}" == out.strip()
    data = target.read_bytes()
    assert data.startswith("\ufeffMã tỉnh;Tỉnh;Giá trị;".encode())
    assert "35;Hà Nam;80;80;80;chính xác;tin;80 tin" in data.decode("utf-8-sig").splitlines()


def test_xlsx_needs_an_output_file(capsys: Captured, tmp_path: Path) -> None:
    """--format xlsx without -o is a usage error; with it, a workbook is written."""
    args = ["report", sheet(tmp_path), "--metric", "tips", "--format", "xlsx"]
    status, _, err = run(capsys, *args)
    assert 2 == status
    assert "-o TỆP.xlsx" in err
    status, _, _ = run(capsys, *args, "-o", str(tmp_path / "r.xlsx"))
    assert 0 == status
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")


def test_html_report_to_a_file(capsys: Captured, tmp_path: Path) -> None:
    """--format html -o writes one page that names the metric in Vietnamese."""
    target = tmp_path / "r.html"
    status, _, _ = run(
        capsys, "report", sheet(tmp_path), "--metric", "tips", "--by", "province", "--as-of",
        "2022-12-31", "--format", "html", "-o", str(target),
    )  # fmt: skip
    assert 0 == status
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<h1>Tin có giá trị do quần chúng cung cấp</h1>" in page
    assert "<svg" in page


# -- template and attainment -----------------------------------------------------------------


def test_template_writes_a_workbook_danvan_reads_back(capsys: Captured, tmp_path: Path) -> None:
    """danvan template writes a blank workbook with drop-down lists of metrics, units and the
    places of a province; filled in, it reads back."""
    import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs

    target = tmp_path / "mau.xlsx"
    status, _, _ = run(
        capsys, "template", str(target), "--province", "Nam Định", "--as-of", "31-12-2021"
    )
    assert 0 == status
    book = openpyxl.load_workbook(target)
    assert ["Số liệu", "Danh mục chỉ tiêu", "Địa bàn", "_lists"] == book.sheetnames
    columns = {col[0]: col[1:] for col in book["_lists"].iter_cols(values_only=True)}
    assert "tips" in columns["Số liệu:metric"]
    assert "khẩu" in columns["Số liệu:unit"]
    assert "Giao Thủy (365)" in columns["Số liệu:place"]
    assert 3 == len(book["Số liệu"].data_validations.dataValidation)
    ws = book["Số liệu"]
    ws.append(["tips", 120, "tin", "2021", "Giao Thủy (365)"])
    book.save(target)
    from danvan.serialization import load_observations

    [obs] = load_observations(target)
    assert ("tips", "365", "120 tin") == (obs.metric, obs.place, str(obs.value))


@pytest.mark.parametrize(
    ("province", "lang", "said"),
    [
        (
            "Quảng Nam",
            "vi",
            "tỉnh Quảng Nam (49) không còn là tỉnh vào ngày 1-1-2026: đã nhập vào thành phố "
            "Đà Nẵng (48) sau ngày 30-6-2025; hãy ghi --province 'Đà Nẵng', hoặc --as-of "
            "30-6-2025 để có mẫu theo địa giới của tỉnh",
        ),
        (
            "Quảng Nam",
            "en",
            "tỉnh Quảng Nam (49) is no longer a province on 2026-01-01: it merged into thành "
            "phố Đà Nẵng (48) after 2025-06-30; write --province 'Đà Nẵng', or --as-of "
            "30-6-2025 for its own map",
        ),
        ("Hậu Lộc", "vi", "'Hậu Lộc' không phải là tỉnh: đó là huyện Hậu Lộc (400);"),
        ("Hậu Lộc", "en", "'Hậu Lộc' is not a province: it names huyện Hậu Lộc (400);"),
        ("Xyzzy", "vi", "không có tỉnh nào tên 'Xyzzy'; hãy ghi tên hoặc mã một tỉnh"),
    ],
)
def test_template_says_why_a_province_cannot_be_offered(
    capsys: Captured, tmp_path: Path, province: str, lang: str, said: str
) -> None:
    """--province of a province merged before --as-of names its successor and the date to
    ask; a name that is no province says what it names; in the command's language."""
    target = tmp_path / "m.xlsx"
    argv = ("template", str(target), "--province", province, "--as-of", "1-1-2026")
    status, _, err = run(capsys, *argv, "--lang", lang)
    assert 1 == status
    assert said in err
    assert not target.exists()


def test_template_refuses_to_overwrite(capsys: Captured, tmp_path: Path) -> None:
    """template keeps an existing file unless --force."""
    target = tmp_path / "mau.xlsx"
    target.write_text("keep", encoding="utf-8")
    status, _, err = run(capsys, "template", str(target))
    assert 1 == status
    assert "đã có tệp này" in err


def test_attainment_reports_percent_and_certainty(capsys: Captured) -> None:
    """danvan attainment lists each target with the percent reached and whether it is met."""
    status, out, _ = run(capsys, "attainment", SEED, "--lang", "en")
    assert 0 == status
    assert "Targets and attainment" in out.splitlines()[0]
    line = next(line for line in out.splitlines() if line.startswith("cong-an-xa-chinh-quy"))
    assert "100.00" in line
    assert "certainly" in line


def test_csv_says_on_stderr_which_units_it_regrouped(capsys: Captured, tmp_path: Path) -> None:
    """A CSV report of figures grouped by another map than their own says so on stderr, as
    the table's "Lưu ý" line does: the file itself stays a table for spreadsheets."""
    path = tmp_path / "th.csv"
    path.write_text("Chỉ tiêu;Giá trị;Kỳ;Địa bàn\ntips;95;2022;Điện Bàn\n", encoding="utf-8")
    argv = ("report", str(path), "--metric", "tips", "--by", "province", "--as-of", "1-1-2026")
    status, out, err = run(capsys, *argv, "--format", "csv")
    assert 0 == status
    assert "Quảng Nam (49) nay thuộc Đà Nẵng (48)" in err
    assert "Quảng Nam" not in out


def test_a_period_read_as_a_single_day_is_a_warning(capsys: Captured, tmp_path: Path) -> None:
    """A workbook's period cell holding a date shown with its day loads as that day, and the
    command says so on stderr in its language."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Chỉ tiêu", "Giá trị", "Kỳ"])
    sheet.append(["tips", 5, dt.datetime(2023, 6, 1)])
    sheet["C2"].number_format = "dd/mm/yyyy"
    path = tmp_path / "d.xlsx"
    book.save(path)
    status, _, err = run(capsys, "validate", str(path))
    assert 0 == status
    assert "danvan: cảnh báo: " in err
    assert "ô ngày (1-6-2023) được đọc là đúng một ngày đó" in err
