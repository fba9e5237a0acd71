"""What a refresh starts from, as cheaply as the sensor can tell: the input folder's report files
(paths, sizes, modification times) and the code. The inventory records it before it reads the folder;
the publish stamps it on the warehouse. The sensor's first tick and `juesuan run` compare it before they launch
the refresh job, so with nothing changed no run is launched (a run launched anyway, from the UI or after a
file was only touched, keeps the warehouse: the build asset compares the exact build fingerprint)."""

import hashlib
import os

from ..config import facts_root, raw_dir
from ..landing.discovery import is_report_name, walk_folder
from ..versions import extraction_version
from .fingerprint import warehouse_code_version


def folder_fingerprint() -> str:
    """Paths, sizes and modification times of every report file: cheap, and changes with any edit. A path that
    cannot be read (a loop, a name past the system's limit) counts by its name and error; names are taken as
    bytes, so one that is not UTF-8 counts too."""
    digest = hashlib.sha256()
    folder = raw_dir()
    for path in sorted(walk_folder(folder, [])) if folder.is_dir() else []:
        if is_report_name(path):
            try:
                stat = path.stat()
                state = f"{stat.st_size}|{stat.st_mtime_ns}"
            except OSError as error:  # the inventory says what; its name still counts
                state = f"error {error.errno}"
            digest.update(os.fsencode(path.relative_to(folder)) + f"|{state}\n".encode())
    return digest.hexdigest()


def input_fingerprint() -> str:
    """The folder and every code version a warehouse depends on: equal means a refresh would change nothing."""
    parts = (str(raw_dir()), facts_root(), folder_fingerprint(), extraction_version(), warehouse_code_version())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
