"""How the package finds libstyr, and that it needs nothing beyond the standard library."""
import os
import subprocess
import sys
import unittest

from .common import DATA, REPO, RULES

PACKAGE = str(REPO / "bindings" / "python")


def python(code, **env):
    """Runs code in a new interpreter with the package on its path and env over ours."""
    full = dict(os.environ, PYTHONPATH=PACKAGE, **env)
    for k, v in env.items():
        if v is None:
            del full[k]
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, cwd="/")


class Loading(unittest.TestCase):
    def test_runs_without_pandas(self):
        done = python("import sys; sys.modules['pandas'] = None\n"
                      "import csv, styr\n"
                      f"rows = list(csv.DictReader(open({str(DATA / 'tariffs.csv')!r}, encoding='utf-8')))\n"
                      f"print(styr.RuleSet({RULES!r}).check(tariffs=rows).rule('indexation_cap').violations)")
        self.assertEqual((done.returncode, done.stdout.strip()), (0, "31"), done.stderr)

    def test_styr_library_names_the_library_to_load(self):
        done = python("import styr", STYR_LIBRARY="/nonexistent/libstyr.so.0")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("cannot load libstyr; tried /nonexistent/libstyr.so.0", done.stderr)
        self.assertIn("set STYR_LIBRARY", done.stderr)

    def test_without_styr_library_the_dynamic_linker_finds_it(self):
        lib = os.path.realpath(os.environ["STYR_LIBRARY"])
        done = python("import styr, ctypes; print(styr._lib.lib._name)", STYR_LIBRARY=None,
                      LD_LIBRARY_PATH=os.path.dirname(lib))
        self.assertEqual((done.returncode, done.stdout.strip()), (0, "libstyr.so.0"), done.stderr)


if __name__ == "__main__":
    unittest.main()
