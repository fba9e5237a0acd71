import os

from juesuan.warehouse_build.fingerprint import manifest_is_current


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


def test_help_explains_each_command(capsys):
    from juesuan.cli import main

    assert main(["--help"]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    for command in ("run", "check", "export", "dashboard"):  # one line each, its summary whole (80 columns)
        assert any(line.split()[:1] == [command] and len(line.split()) > 3 for line in lines), printed
    commands = printed[printed.index("Commands:") :]
    assert "..." not in commands and "…" not in commands  # no summary cut short
    assert main(["x.pdf"]) == 2  # not a command: a usage error, not a traceback


def test_check_prints_one_reports_findings_without_a_warehouse(dbt_manifest, warehouse_env, capsys):
    from juesuan.cli import main
    from juesuan.config import warehouse_path

    from tests.conftest import sample_path

    assert main(["check", str(sample_path("001"))]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("001_37a2c67d3283ea4c.txt: 武汉市洪山区人民政府青菱街道办事处 2023")
    assert "情况说明 第704行 为 1788.11万元，各部分之和（情况说明 第706行）为 1798.11万元" in printed
    assert "narrative line 704 states 1788.11 万元" in printed
    assert not warehouse_path().exists()  # the test's own warehouse was never touched


def test_check_says_why_a_file_is_not_a_report(dbt_manifest, warehouse_env, tmp_path, capsys):
    from juesuan.cli import main

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(empty)]) == 1
    assert "rejected: file is empty (0 bytes)" in capsys.readouterr().out


def test_run_takes_files_and_a_warehouse(dbt_manifest, warehouse_env, tmp_path, capsys):
    from juesuan.cli import main

    from tests.conftest import query, sample_path

    target = tmp_path / "elsewhere" / "one.duckdb"
    assert main(["run", str(sample_path("004")), "--warehouse", str(target)]) == 0
    assert target.exists() and (target.parent / "reports" / "one-latest.html").exists()
    assert query("select source_file from marts.dim_reports") == [("004_7253a26da12f1913.txt",)]
    assert "1 landed, 0 rejected" in capsys.readouterr().out
