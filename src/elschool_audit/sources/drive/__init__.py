"""Schools' records in Google Drive, read with the real Google client libraries, read-only.

The district shares one folder per school (or one root folder whose sub-folders are the schools).
Schools keep native Google Sheets there and upload .xlsx/.csv exports. This source turns such a
folder into the same ``Workbook`` the local source produces, so the audit cannot tell them apart
except for evidence, which points at the Drive file (name, link) and tab/row.

Cost model, because Sheets allows only 60 reads a minute per user:

* finding the school folders: with ``drive_root``, one ``files.get`` (the root) and one
  ``files.list`` of its sub-folders for the whole run — a folder that is listed exists and is
  visible, so nothing more is asked per school; schools with their own ``drive_folder`` are
  checked with one Drive *batch* request per 100 folders (a ``files.get`` each inside it,
  counted by Google against the Drive quota, not the Sheets one), or one plain ``files.get``
  when a single school is read;
* listing: :meth:`DriveSource.prepare` lists every school of the run together, level by level,
  with up to 40 parents joined with ``or`` in one ``files.list`` (paged): one call per 40 school
  folders per folder level, never one per folder or per school. A query that Drive refuses is
  split in halves until the refused folder is alone, so it becomes that school's error only.
  Forty ids make a URL over 2 KB, which google-api-python-client sends as a POST with
  ``X-HTTP-Method-Override: GET`` — still the read it was, under read-only scopes;
* a native Sheet: one ``spreadsheets.get`` (titles and hidden flags only) and one
  ``values.batchGet`` over all its tabs, unformatted with serial dates — the sheet parser turns
  serials into dates with the same 1899-12-30 epoch the local xlsx path uses;
* an upload: one ``files.get_media``;
* a file whose id, ``version`` and md5 are already in the cache: nothing.

The package follows the seams of that work: ``model`` (Drive's vocabulary), ``client`` (services
and the rate-limited caller), ``folders`` (finding school folders), ``listing`` (the shared
``files.list`` walk), ``reading`` (fetching a file), ``staged`` (a school's fetched files, read
here or in a worker process) and ``source`` (the facade the audit sees).
"""

from elschool_audit.sources.drive.folders import RootMatch
from elschool_audit.sources.drive.model import DriveEntry, DriveFolder, folder_id, folder_link
from elschool_audit.sources.drive.source import DriveSource, FolderCheck, open_source

__all__ = [
    "DriveEntry",
    "DriveFolder",
    "DriveSource",
    "FolderCheck",
    "RootMatch",
    "folder_id",
    "folder_link",
    "open_source",
]
