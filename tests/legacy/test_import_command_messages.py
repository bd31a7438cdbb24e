"""What ``import_legacy`` prints: in Chinese first (the English after it, for the log),
the summary after every file's line, and in a dry run what it would do."""

import pytest
from django.core.management import call_command

from editorial.content.models import Issue
from tests.legacy.test_import_command import run
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012

pytestmark = pytest.mark.django_db


def test_the_summary_is_in_chinese_first():
    out, _, _ = run(SAMPLE_2012)
    assert out.startswith("汇总：导入 1，替换 0，已存在 0，失败 0，警告 ")
    assert "（Summary: imported 1, replaced 0" in out


def test_a_dry_runs_summary_says_nothing_was_written():
    out, _, _ = run(SAMPLE_2012, "--dry-run")
    assert out.startswith("汇总（试运行，未写入）：将导入 1")


def test_failed_files_are_counted_in_chinese_first(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    _, _, error = run(tmp_path)
    assert str(error) == "2 个文件中有 2 个导入失败（2 of 2 file(s) failed）"


def test_warnings_are_printed_in_chinese_first():
    _, err, _ = run(SAMPLE_2012, "-v", "2")
    warnings = [line.strip() for line in err.splitlines() if line.strip().startswith("warning:")]
    assert warnings
    assert (
        warnings[0]
        == "warning: 年份 2012 由正文推断。（The year 2012 was inferred from the text.）"
    )
    assert all("（" in warning for warning in warnings)


def test_the_summary_comes_after_every_files_line(tmp_path):
    out_and_err = []

    class Both:
        def write(self, text):
            out_and_err.append(text)

        def flush(self):
            pass

    call_command("import_legacy", str(SAMPLE_2007), str(SAMPLE_2012), stdout=Both(), stderr=Both())
    lines = "".join(out_and_err).splitlines()
    assert lines[-1].startswith("汇总")
    assert [line for line in lines if line.startswith("[")] == lines[:2]


def test_a_dry_run_lists_the_lines_it_would_not_import_with_their_reason():
    _, err, _ = run(SAMPLE_2007, "--dry-run")
    not_imported = [line for line in err.splitlines() if "未导入：" in line]
    assert len(not_imported) == 11
    assert all(line.endswith("（从封面抄来的本期要目，不是正文）") for line in not_imported)
    assert not Issue.objects.exists()


def test_each_files_line_is_in_chinese_first():
    _, err, _ = run(SAMPLE_2012)
    (line,) = [line for line in err.splitlines() if line.startswith("[1/1]")]
    assert line.startswith("[1/1] seeds/002_af38840ebde41185.txt: 已导入 2012年第1期，警告 ")
    assert line.endswith(" warning(s)）") and "（imported, " in line
