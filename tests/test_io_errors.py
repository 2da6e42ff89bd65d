"""Loading files: every bad file is a govsim error naming the file, and nothing blocks.

Each case here raised a raw Python error before (UnicodeDecodeError, IsADirectoryError,
OSError, ValueError, RecursionError), blocked (a FIFO), or was silently accepted
(``format = 99``, a scenario as its own baseline); GraphML lost carriage returns and
wrote files it could not read back.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

import govsim
from govsim import GovsimError, ValidationError
from govsim.io import (
    MAX_DEPTH,
    MissingFileError,
    load_polity,
    read_document,
    read_graphml,
    write_graphml,
)
from govsim.model import Institution, Polity, Territory
from govsim.scenario import ScenarioError, load_scenario

TINY = {
    "name": "tiny",
    "institutions": [{"id": "v", "name": "Voters", "kind": "electorate", "level": "national"}],
}


def _loaders() -> list[object]:
    return [govsim.load, load_scenario, read_document, load_polity]


@pytest.mark.parametrize("loader", _loaders())
def test_not_utf8_names_the_file(tmp_path: Path, loader: object) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"name": "Qaz\xff"}')
    with pytest.raises(ValidationError, match=r"latin1\.json: not UTF-8 text"):
        loader(path)  # type: ignore[operator]


@pytest.mark.parametrize("loader", _loaders())
def test_directory_names_the_file(tmp_path: Path, loader: object) -> None:
    path = tmp_path / "folder.toml"
    path.mkdir()
    with pytest.raises(ValidationError, match=r"folder\.toml: is a directory"):
        loader(path)  # type: ignore[operator]


@pytest.mark.parametrize("loader", _loaders())
def test_symlink_loop_names_the_file(tmp_path: Path, loader: object) -> None:
    path = tmp_path / "loop.json"
    os.symlink(path, path)
    with pytest.raises(ValidationError, match=r"loop\.json: cannot read file"):
        loader(path)  # type: ignore[operator]


@pytest.mark.parametrize("loader", _loaders())
def test_nul_in_path_is_a_govsim_error(tmp_path: Path, loader: object) -> None:
    with pytest.raises(ValidationError, match="NUL character"):
        loader(str(tmp_path / "a\x00b.json"))  # type: ignore[operator]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
@pytest.mark.parametrize("loader", _loaders())
def test_fifo_is_refused_without_blocking(tmp_path: Path, loader: object, hang_guard: None) -> None:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)  # opening it for reading would block until a writer comes
    with pytest.raises(ValidationError, match=r"pipe\.toml: not a regular file"):
        loader(path)  # type: ignore[operator]


def test_missing_file_is_both_a_govsim_error_and_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError, match=r"nope\.json: file not found") as info:
        govsim.load(tmp_path / "nope.json")
    assert isinstance(info.value, GovsimError)
    assert isinstance(info.value, FileNotFoundError)


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_integer_over_the_digit_limit_names_the_file(tmp_path: Path, suffix: str) -> None:
    digits = "9" * (sys.get_int_max_str_digits() + 10)
    path = tmp_path / f"huge{suffix}"
    text = (
        f'{{"name": "x", "year": {digits}}}'
        if suffix == ".json"
        else f'name = "x"\nyear = {digits}\n'
    )
    path.write_text(text)
    with pytest.raises(ValidationError, match=rf"huge\{suffix}: .*digits"):
        govsim.load(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep_objects.json", '{"a": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001),
        ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("deep_inline.toml", "a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n"),
        ("dotted.toml", ".".join(["a"] * 100_000) + " = 1\n"),
        ("header.toml", "[" + ".".join(["a"] * 100_000) + "]\n"),
    ],
)
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, name: str, text: str) -> None:
    """10^5 levels raised RecursionError (exit status 1 in the command), or, for a dotted
    TOML key, exhausted memory in the parser."""
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValidationError, match=rf"{name}: nested deeper than {MAX_DEPTH}"):
        read_document(path)
    with pytest.raises(ScenarioError, match=rf"{name}: nested deeper than {MAX_DEPTH}"):
        load_scenario(path)


def test_brackets_inside_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    deep = "[" * (MAX_DEPTH + 5)
    doc = {**TINY, "description": deep + '\\"' + deep}
    (tmp_path / "p.json").write_text(json.dumps(doc))
    assert govsim.load(tmp_path / "p.json").description == doc["description"]
    toml = (
        f'name = "{deep}" # {deep}\n'
        f"description = '''{deep}'''\n"
        f'sources = [\'{deep}\', """{deep}\\""""]\n'
    )
    (tmp_path / "p.toml").write_text(toml)
    assert govsim.load(tmp_path / "p.toml").name == deep


def test_nesting_at_the_bound_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text('{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}")
    assert "a" in read_document(path)


def test_other_format_versions_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({**TINY, "format": 99}))
    with pytest.raises(ValidationError, match=r"future\.json: .*'format'.*99"):
        govsim.load(path)
    path.write_text(json.dumps({**TINY, "format": 1}))
    assert govsim.load(path).name == "tiny"


def test_scenario_as_its_own_baseline_is_an_error_up_front(tmp_path: Path) -> None:
    path = tmp_path / "self.toml"
    path.write_text('name = "x"\nbaseline = "self.toml"\n')
    with pytest.raises(ScenarioError, match=r"self\.toml: baseline: .*this scenario file itself"):
        load_scenario(path)
    # govsim.load reads polity files only, and says where a scenario file goes
    with pytest.raises(ValidationError, match=r"self\.toml: a scenario file .*load_scenario"):
        govsim.load(path)


def test_scenario_file_as_baseline_is_an_error_before_any_reform(tmp_path: Path) -> None:
    (tmp_path / "inner.toml").write_text('name = "inner"\nbaseline = "kazakhstan_2019"\n')
    outer = tmp_path / "outer.toml"
    outer.write_text(
        'name = "outer"\nbaseline = "inner.toml"\n[[reforms]]\nop = "term_limit"\nyears = 7\n'
    )
    sc = load_scenario(outer)
    with pytest.raises(ScenarioError, match=r"outer\.toml: baseline: .*inner\.toml: a scenario"):
        sc.build_baseline()
    with pytest.raises(ScenarioError, match="not a polity file"):
        sc.run()


def test_baseline_path_with_nul_is_a_field_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "x", "baseline": {"path": "a\x00.json"}}))
    with pytest.raises(ScenarioError, match=r"s\.json: baseline: .*not a file name"):
        load_scenario(path)


# -- GraphML -------------------------------------------------------------------------------------


def _polity(name: str = "Voters", territory_name: str = "Capital") -> Polity:
    return Polity(
        "p",
        territories=[Territory(id="kz", name=territory_name, level="national")],
        institutions=[
            Institution(id="v", name=name, kind="electorate", level="national", territory="kz")
        ],
    )


@pytest.mark.parametrize("text", ["line\rbreak", "crlf\r\nend", "\r", "tab\tand\nnewline"])
def test_graphml_keeps_carriage_returns(tmp_path: Path, text: str) -> None:
    """A raw carriage return was read back as a line feed (XML end-of-line handling)."""
    p = _polity(name=text)
    write_graphml(p, tmp_path / "p.graphml")
    back = read_graphml(tmp_path / "p.graphml")
    assert back.institution("v").name == text
    assert back == p


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1f", "\ufffe"])
def test_graphml_control_characters_in_json_fields_round_trip(tmp_path: Path, char: str) -> None:
    p = _polity(territory_name=f"Cap{char}ital")  # territories are written as JSON
    write_graphml(p, tmp_path / "p.graphml")
    assert read_graphml(tmp_path / "p.graphml") == p


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0c", "\x1b"])
def test_graphml_refuses_control_characters_it_cannot_store(tmp_path: Path, char: str) -> None:
    """The file was written, and then could not be read (not well-formed XML)."""
    p = _polity(name=f"Vot{char}ers")
    with pytest.raises(ValidationError, match=r"node 'v': field 'name' holds the control"):
        write_graphml(p, tmp_path / "p.graphml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_read_graphml_refuses_a_fifo(tmp_path: Path, hang_guard: None) -> None:
    path = tmp_path / "pipe.graphml"
    os.mkfifo(path)
    with pytest.raises(ValidationError, match=r"pipe\.graphml: not a regular file"):
        read_graphml(path)


def test_read_graphml_deep_json_field_is_a_govsim_error(tmp_path: Path) -> None:
    path = tmp_path / "p.graphml"
    write_graphml(_polity(), path)
    text = path.read_text()
    key = re.search(r'<key id="(\w+)" for="graph" attr.name="rules"', text)
    assert key is not None
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        text.replace(f'<data key="{key[1]}">[]</data>', f'<data key="{key[1]}">{deep}</data>')
    )
    with pytest.raises(ValidationError, match=rf"p\.graphml: nested deeper than {MAX_DEPTH}"):
        read_graphml(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_baseline_fifo_or_directory_says_what_it_is(tmp_path: Path, hang_guard: None) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "folder.json").mkdir()
    for name, what in [("pipe.json", "not a regular file"), ("folder.json", "is a directory")]:
        path = tmp_path / "s.toml"
        path.write_text(f'name = "x"\nbaseline = "{name}"\n')
        with pytest.raises(ScenarioError, match=rf"s\.toml: baseline: .*{name}: {what}"):
            load_scenario(path).build_baseline()
