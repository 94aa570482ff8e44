"""The saved-assessment format in the application layer: round trip, reopen plan, files saved before the move."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop.app import document as doc
from desktop.core.errors import CorruptStateError, InputError, OutputError

DATA = Path(__file__).resolve().parents[1] / "data" / "app"


def test_write_and_open_round_trip(assessed, bom_path: Path, tmp_path: Path) -> None:
    assessment, options = assessed
    written = doc.write_assessment(assessment, options, None, tmp_path / "job", "ja")
    assert written == tmp_path / "job.reerisk" and not list(tmp_path.glob("*.tmp"))
    opened = doc.open_saved(written)
    data = opened.document
    assert data["format"] == doc.FORMAT and data["format_version"] == doc.FORMAT_VERSION
    assert data["source"]["sha256"] == doc.sha256_of(bom_path) and data["language"] == "ja"
    assert data["as_of"] == "2026-01-15" and data["results"]["summary"]["parts_total"] == 4
    assert opened.plan == doc.Reopen(True, str(bom_path.resolve()))
    assert doc.as_of_of(data).isoformat() == "2026-01-15"
    assert doc.import_options_of(data).header_row == assessment.mapped.imported.header_row


def test_changed_or_missing_source_reopens_the_stored_results(assessed, bom_path: Path, tmp_path: Path) -> None:
    assessment, options = assessed
    written = doc.write_assessment(assessment, options, None, tmp_path / "job.reerisk")
    bom_path.write_text(bom_path.read_text(encoding="utf-8") + "P-005,Extra,,,1,,\n", encoding="utf-8")
    assert doc.open_saved(written).plan == doc.Reopen(False, str(bom_path.resolve()), "changed")
    bom_path.unlink()
    assert doc.open_saved(written).plan.reason == "missing"


def test_a_file_saved_before_the_move_still_opens(tmp_path: Path) -> None:
    """``saved_v1.reerisk`` was written by format 1 and is committed: the on-disk format must keep reading it."""
    copy = tmp_path / "saved_v1.reerisk"
    shutil.copy(DATA / "saved_v1.reerisk", copy)
    opened = doc.open_saved(copy)
    assert opened.plan.live is False and opened.plan.reason == "missing"     # its source is not on this machine
    assert opened.document["results"]["summary"]["parts_total"] == 4
    assert doc.config_of(opened.document) is not None and doc.as_of_of(opened.document).isoformat() == "2026-01-15"
    assert copy.read_bytes() == (DATA / "saved_v1.reerisk").read_bytes()    # opening never rewrites the file


def test_damaged_document_is_set_aside_and_foreign_json_is_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "d.reerisk"
    damaged.write_text('{"format": "reerisk-assessment", "format_version": 1, "source": {}, "results": ',
                       encoding="utf-8")
    with pytest.raises(CorruptStateError):
        doc.open_saved(damaged)
    assert not damaged.exists() and len(list(tmp_path.glob("d.reerisk.corrupt-*"))) == 1
    foreign = tmp_path / "f.reerisk"
    foreign.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(InputError):
        doc.open_saved(foreign)
    assert foreign.exists()


def test_saving_into_a_missing_folder_is_an_output_error(assessed, tmp_path: Path) -> None:
    assessment, options = assessed
    with pytest.raises(OutputError):
        doc.write_assessment(assessment, options, None, tmp_path / "no" / "such" / "job.reerisk")


def test_pieces_are_the_bytes_of_one_json_dumps(assessed, monkeypatch) -> None:
    """The document is written and read in pieces (so a worker never holds the GIL for long), yet the file is
    exactly what one ``json.dumps`` writes and the value exactly what ``json.loads`` reads."""
    assessment, options = assessed
    document = json.loads(json.dumps(doc.build_document(assessment, options, None), default=str))
    document["results"]["parts"][1]["description"] = "改行なし \\ \" 引用符\n改行"   # escapes stay escapes
    monkeypatch.setattr(doc, "PARTS_PER_PIECE", 3)                                 # several pieces of 4 parts
    for variant in (document, {**document, "results": {**document["results"], "parts": []}},
                    {**document, "results": {"summary": {}}}):
        whole = json.dumps(variant, ensure_ascii=False, indent=1, allow_nan=False, default=str)
        pieces = list(doc.iter_document_text(variant))
        assert "".join(pieces) == whole
        assert doc.loads_in_pieces(whole) == json.loads(whole) == variant
    assert len(list(doc.iter_document_text(document))) > 3


@pytest.mark.parametrize("text", ['{"a": 1,}', '{"a" 1}', '[1 2]', '{"a": [1, 2]} x', '{a: 1}', '', '{"a": [1, 2'])
def test_reading_in_pieces_refuses_what_json_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        doc.loads_in_pieces(text)


def test_decoding_in_pieces_keeps_characters_across_chunks(monkeypatch) -> None:
    monkeypatch.setattr(doc, "DECODE_CHUNK", 5)
    text = '{"名前": "ネオジム磁石 ü"}'
    raw = "\ufeff".encode() + text.encode("utf-8")
    assert "".join(doc.iter_decoded(raw)) == text
    assert all(len(piece) <= 5 for piece in doc.iter_decoded(raw))
    with pytest.raises(UnicodeDecodeError):
        list(doc.iter_decoded(b'{"a": "\xff"}'))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_bytes_are_parsed_piece_by_piece_as_json_loads_reads_them(monkeypatch, chunk: int) -> None:
    """Reopening parses the file's bytes a few MB at a time (never one 160 MB ``str``): a value cut between two
    pieces – a number's digits, a string, an escape, ``true`` – reads as one, and what ``json.loads`` refuses is
    refused wherever the cut falls."""
    monkeypatch.setattr(doc, "DECODE_CHUNK", chunk)
    document = {"format": "reerisk-assessment", "n": 12345678901234567890, "x": -1.25e-7, "t": True, "z": None,
                "results": {"summary": {"score": 42.5}, "parts": [
                    {"part_number": "P-1", "description": "ネオジム磁石 \" \\ é 😀", "score": 1e300},
                    {"part_number": None, "quantity": 0.000125, "flags": [True, False, None, []], "e": {}},
                    [], {}, 7, "text", 3.5]},
                "tail": [1, [2, [3, [4]]], {"a": {"b": {"c": "深い"}}}]}
    for text in (json.dumps(document, ensure_ascii=False, indent=1), json.dumps(document),
                 json.dumps(document, ensure_ascii=True), " \n" + json.dumps(document) + " \n"):
        raw = text.encode("utf-8")
        assert doc.loads_in_pieces(raw) == json.loads(text)
        assert doc.loads_in_pieces(b"\xef\xbb\xbf" + raw) == json.loads(text)     # a BOM, as before
    for bad in ('{"a": 1,}', '{"a" 1}', '[1 2]', '{"a": [1, 2]} x', '{a: 1}', '', '{"a": [1, 2',
                '{"results": {"parts": [{"a": "unterminated}]}}', '{"results": {"parts": [{"a": 1} {"b": 2}]}}',
                '{"results": {"parts": [1.5e]}}', '{"results": {"parts": [tru]}}', '{"x": "\\u12"}'):
        with pytest.raises(ValueError):
            json.loads(bad)
        with pytest.raises(ValueError):
            doc.loads_in_pieces(bad.encode("utf-8"))
    with pytest.raises(UnicodeDecodeError):
        doc.loads_in_pieces(b'{"results": {"parts": [{"a": "\xff"}]}}')
    with pytest.raises(RecursionError):
        doc.loads_in_pieces(b'{"results": {"parts": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}")


def test_dismantle_empties_a_document_a_piece_at_a_time(monkeypatch) -> None:
    """A document nobody reads any more is emptied in steps (freed in a worker without holding the GIL long);
    a part taken out of it before stays whole."""
    monkeypatch.setattr(doc, "DISMANTLE_PARTS", 3)
    parts = [{"row": n, "factors": [{"name": "x"}]} for n in range(10)]
    document = {"format": doc.FORMAT, "results": {"parts": parts, "summary": {}}}
    kept = parts[4]
    sizes: list[int] = []

    class Watched(list):
        def __delitem__(self, key):  # noqa: ANN001
            sizes.append(len(self))
            super().__delitem__(key)

    document["results"]["parts"] = Watched(parts)
    doc.dismantle(document)
    assert document == {} and sizes == [10, 7, 4, 1]
    assert kept == {"row": 4, "factors": [{"name": "x"}]}
    doc.dismantle({"results": None})       # any shape a damaged document may have


def test_pacer_pauses_only_after_a_slice_and_long_enough_for_the_gui(monkeypatch) -> None:
    """A freeing thread runs its small steps back to back for ``PACE_SLICE_S``, then sleeps at least four GIL
    switch intervals (a shorter pause let it reset the GUI thread's claim to the GIL again and again)."""
    import sys

    clock = [0.0]
    sleeps: list[float] = []
    monkeypatch.setattr(doc.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(doc.time, "sleep", lambda s: sleeps.append(s))
    pacer = doc.Pacer()
    assert pacer.pause_s >= max(doc.PACE_PAUSE_S, 4 * sys.getswitchinterval())
    clock[0] += doc.PACE_SLICE_S / 2
    pacer.step()
    assert sleeps == []
    clock[0] += doc.PACE_SLICE_S
    pacer.step()
    assert sleeps == [pacer.pause_s]
    clock[0] += doc.PACE_SLICE_S / 2
    pacer.step()                              # a new slice began after the pause
    assert sleeps == [pacer.pause_s]
