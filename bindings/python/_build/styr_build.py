"""A PEP 517 build backend for the styr package, with no requirements: it zips the
package's .py files into a pure-Python wheel, so that pip installs it offline (no
setuptools to fetch into an isolated build environment). PEP 660 editable installs
put a .pth file naming this folder instead."""
import base64
import hashlib
import io
import os
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
NAME, VERSION = PROJECT["name"], PROJECT["version"]
DIST_INFO = f"{NAME}-{VERSION}.dist-info"
TAG = "py3-none-any"


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            f"Summary: {PROJECT['description']}\nRequires-Python: {PROJECT['requires-python']}\n")


def _wheel_file():
    return f"Wheel-Version: 1.0\nGenerator: styr_build\nRoot-Is-Purelib: true\nTag: {TAG}\n"


def _package_files():
    return sorted(p for p in (ROOT / NAME).rglob("*.py"))


def _write_wheel(directory, contents):
    """Writes a wheel of contents ({archive path: bytes}) plus its dist-info."""
    contents = dict(contents)
    contents[f"{DIST_INFO}/METADATA"] = _metadata().encode()
    contents[f"{DIST_INFO}/WHEEL"] = _wheel_file().encode()
    record = []
    for path, data in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{DIST_INFO}/RECORD,,")
    contents[f"{DIST_INFO}/RECORD"] = ("\n".join(record) + "\n").encode()
    name = f"{NAME}-{VERSION}-{TAG}.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in contents.items():
            z.writestr(path, data)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    target = Path(metadata_directory) / DIST_INFO
    target.mkdir(parents=True, exist_ok=True)
    (target / "METADATA").write_text(_metadata(), "utf-8")
    (target / "WHEEL").write_text(_wheel_file(), "utf-8")
    return DIST_INFO


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in _package_files()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, {f"{NAME}.pth": f"{ROOT}\n".encode()})


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{VERSION}"
    name = f"{base}.tar.gz"
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "_build").glob("*.py")), *_package_files()]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for p in files:
            tar.add(p, arcname=f"{base}/{p.relative_to(ROOT).as_posix()}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata().encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name
