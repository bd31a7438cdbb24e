"""Peak memory of importing the batch of 15 hostile and good legacy files.

    .venv/bin/python bench/hostile_import.py [--bomb-mib 1536] [--keep DIR]

Writes the batch of ``tests/hostile.py`` (``write_batch``: five good files, and
ten bad ones — truncated footnotes, footnotes declaring an external entity, a
zip bomb, a truncated zip, a picture header declaring 30000 x 30000 pixels,
truncated styles, a Word file named .txt, a PDF named .docx, a text file over
the limit, a part compressed a thousand to one) to a temporary folder, with the
zip bomb's picture inflating to ``--bomb-mib`` MiB (1.5 GiB by default, as in
issue 28: a 1.6 MB file). Then it runs ``manage.py import_legacy`` on the
folder as a child process, into a fresh SQLite database of its own, and prints
the child's peak resident memory (``os.wait4``: that process alone, not the
migration before it), its time, and the command's summary line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "hostile-import-bench-only")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bomb-mib", type=int, default=1536)
    parser.add_argument("--keep", type=Path, help="write the batch here and keep it")
    args = parser.parse_args()

    import django

    django.setup()
    from tests.hostile import write_batch

    with tempfile.TemporaryDirectory(prefix="hostile-import-") as scratch:
        folder = args.keep or Path(scratch) / "batch"
        started = time.perf_counter()
        write_batch(folder, bomb_size=args.bomb_mib * 1024 * 1024)
        print(f"batch written in {time.perf_counter() - started:.1f} s: {folder}")
        for path in sorted(folder.iterdir()):
            print(f"  {path.stat().st_size:>10,}  {path.name}")

        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)

        started = time.perf_counter()
        child = subprocess.Popen(
            [*manage, "import_legacy", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)

    print(output.rstrip())
    print(f"exit status {child.returncode}, {elapsed:.1f} s")
    print(f"peak resident memory of the import: {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
