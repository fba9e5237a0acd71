import os

from juesuan.cli import manifest_is_current


def test_manifest_is_stale_until_it_is_newer_than_every_project_file(tmp_path):
    project = tmp_path / "dbt_project"
    (project / "models").mkdir(parents=True)
    model = project / "models" / "dim_reports.sql"
    model.write_text("select 1")
    manifest = project / "target" / "manifest.json"
    assert not manifest_is_current(manifest, project)  # no manifest yet
    manifest.parent.mkdir()
    manifest.write_text("{}")
    os.utime(model, (1, 1))
    assert manifest_is_current(manifest, project)
    os.utime(model, (manifest.stat().st_mtime + 10,) * 2)  # a model edited after the last parse
    assert not manifest_is_current(manifest, project)
