"""The repo's promises about itself: public API, shipped data, README and CI in step."""

import re
import subprocess
import sys
from pathlib import Path

import arcticroute

REPO = Path(__file__).resolve().parents[1]
DATA = Path(arcticroute.__file__).parent / "data"


def test_shipped_data_under_20_mb():
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total < 20 * 1024**2


def test_every_shipped_file_is_documented_with_a_licence():
    readme = (DATA / "README.md").read_text()
    licences = (REPO / "DATA_LICENSES.md").read_text()
    for p in DATA.rglob("*"):
        if p.is_file() and p.name != "README.md":
            name = "parameters*.toml" if p.name.startswith("parameters") else p.name
            assert name in readme, p.name
            assert name in licences or p.parent.name in licences, p.name


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)
    test_cmd = next(b for b in blocks if "pytest" in b).strip()
    assert test_cmd in (REPO / ".ci/run").read_text()
    main_cmd = blocks[0].strip()
    assert main_cmd.endswith("arcticroute compare Shanghai Rotterdam")


def test_package_never_reads_shared_at_run_time():
    src = Path(arcticroute.__file__).parent
    for f in src.rglob("*.py"):
        assert "shared/data" not in f.read_text(), f


def test_cli_route_does_not_import_heavy_modules():
    code = (
        "import sys; from arcticroute.cli.main import main; sys.argv=['arcticroute','route',"
        "'Shanghai','Rotterdam','--format','json'];\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(','.join(m for m in ('pandas','matplotlib','shapely') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"heavy modules imported: {out.stdout}"


def test_every_parameter_has_a_unit_a_date_and_a_source_or_a_why():
    from arcticroute.assumptions import all_parameters

    params = all_parameters()
    assert len(params) > 100
    for p in params:
        assert bool(p.source) != bool(p.why), p.key
    import tomllib

    table = tomllib.loads((DATA / "parameters.toml").read_text())

    def walk(node, prefix=""):
        for name, item in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if "value" in item:
                assert "unit" in item and str(item.get("date", "")), key
            else:
                walk(item, key)

    walk(table)
