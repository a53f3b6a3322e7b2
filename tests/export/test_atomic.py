import os
import stat

import pytest
from full_disk import read_only_folder

from fusionsmile.export import EXPORTERS, ExportError, atomic_write, export_mesh
from fusionsmile.export.exporter import Exporter, one_file


def test_success_replaces_the_target(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_write(target) as temp:
        assert temp.parent == tmp_path
        temp.write_text("new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_write(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("exporter crashed")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_exporter_failing_halfway_leaves_previous_export(tmp_path, scene, dentition, monkeypatch):
    target = tmp_path / "mouth.stl"
    export_mesh(scene, dentition, target)
    before = target.read_bytes()

    def broken(scene, dentition, path):
        path.write_bytes(b"solid half-written")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(EXPORTERS, "stl", Exporter(one_file(broken)))
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_mesh(scene, dentition, target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["mouth.stl"]


def test_missing_folder_is_one_clear_error(tmp_path):
    target = tmp_path / "nowhere" / "out.glb"
    with pytest.raises(ExportError, match=r"nowhere.*does not exist"), atomic_write(target):
        pass


def test_unwritable_folder_is_one_clear_error(tmp_path, scene, dentition):
    folder = tmp_path / "locked"
    if os.geteuid() == 0:  # permission bits do not stop root: a read-only file system does
        with read_only_folder(folder):
            with pytest.raises(ExportError, match="locked") as caught:
                export_mesh(scene, dentition, folder / "mouth.glb")
            assert os.listdir(folder) == []
        assert "\n" not in str(caught.value)
        return
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="locked") as caught:
            export_mesh(scene, dentition, folder / "mouth.glb")
        assert "\n" not in str(caught.value)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_unwritable_target_is_export_error(tmp_path, scene, dentition, monkeypatch):
    # Works as root too: the rename itself fails.
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match=r"mouth\.ply: Permission denied"):
        export_mesh(scene, dentition, tmp_path / "mouth.ply")
    assert os.listdir(tmp_path) == []


def test_new_files_are_readable_by_others(tmp_path):
    with atomic_write(tmp_path / "out.txt") as temp:
        temp.write_text("x")
    assert (tmp_path / "out.txt").stat().st_mode & 0o044 == 0o044


def test_unwritable_folder_as_any_user(tmp_path, scene, dentition, monkeypatch):
    # What mkstemp raises in a folder without write permission; root would not see it.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(ExportError, match=r"mouth\.glb: Permission denied"):
        export_mesh(scene, dentition, tmp_path / "mouth.glb")
