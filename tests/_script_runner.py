"""Run Python scripts as ``python script.py`` would, each in a process of its own, without
paying for ``import govsim`` (about 2 s of CPU) in every one.

A :class:`ScriptRunner` starts one interpreter that imports govsim, matplotlib (Agg)
and the modules named in ``preload``, then forks a child for each script it is asked
to run. The child starts from that state, as a fresh interpreter would after the same
imports: it changes to the requested directory, sends stdout and stderr to files, sets
``sys.argv`` and ``sys.path[0]`` as the interpreter does for a script, and runs it with
``runpy.run_path(path, run_name="__main__")``; an uncaught exception prints its
traceback and exits 1, ``SystemExit`` exits with its code, as the interpreter does.
Whatever a script registers or changes stays in its child: the next script forks
from the untouched parent.

Forking needs a POSIX system; elsewhere (and if the parent dies) the caller falls back
to a plain ``subprocess.run``.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_SERVER = r"""
import atexit, json, os, runpy, sys, traceback
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot
import govsim
for name in json.loads(sys.argv[1]):
    __import__(name)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            null = os.open(os.devnull, os.O_RDONLY)
            out = os.open(job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(null, 0)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.chdir(job["cwd"])
            sys.argv = list(job["argv"])
            if job["kind"] == "module":
                sys.path[0] = job["cwd"]
                runpy.run_module(job["argv"][0], run_name="__main__", alter_sys=True)
            else:
                sys.path[0] = os.path.dirname(os.path.abspath(job["argv"][0]))
                runpy.run_path(job["argv"][0], run_name="__main__")
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            try:
                atexit._run_exitfuncs()
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@dataclass(frozen=True)
class Completed:
    """What a run gave: the exit code and the text of stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


class ScriptRunner:
    """One preloaded interpreter that forks a child per script (see the module docstring)."""

    def __init__(self, env: dict[str, str], preload: Sequence[str] = ()) -> None:
        self.env = env
        self.proc: subprocess.Popen[str] | None = None
        self.logs = Path(tempfile.mkdtemp(prefix="govsim-runner-"))  # outside the script's cwd
        if hasattr(os, "fork"):
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER, json.dumps(list(preload))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                text=True,
            )
            if self._answer(timeout=120) is None:
                self.close()

    def _answer(self, timeout: float) -> dict[str, int] | None:
        assert self.proc is not None
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.proc.kill()
            raise TimeoutError(f"no answer from the script runner within {timeout:g} s")
        line = self.proc.stdout.readline()
        if not line:
            return None  # the runner died: the caller falls back to subprocess.run
        answer: dict[str, int] = json.loads(line)
        return answer

    def run(
        self, argv: Sequence[str], cwd: Path, *, module: bool = False, timeout: float = 120
    ) -> Completed:
        """Run ``python argv...`` (``python -m argv...`` with ``module=True``) in ``cwd``."""
        out, err = self.logs / "stdout", self.logs / "stderr"
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            job = {
                "argv": [str(a) for a in argv],
                "cwd": str(cwd),
                "kind": "module" if module else "script",
                "stdout": str(out),
                "stderr": str(err),
            }
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
            answer = self._answer(timeout)
            if answer is not None:
                done = Completed(
                    answer["returncode"],
                    out.read_text(encoding="utf-8", errors="replace"),
                    err.read_text(encoding="utf-8", errors="replace"),
                )
                out.unlink()
                err.unlink()
                return done
        args = [sys.executable, *(["-m"] if module else []), *map(str, argv)]
        proc = subprocess.run(
            args, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        return Completed(proc.returncode, proc.stdout, proc.stderr)

    def close(self) -> None:
        shutil.rmtree(self.logs, ignore_errors=True)
        if self.proc is None:
            return
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None
