"""OOXML → canonical text, so a DOCX can be golden-tested (after pandoc's OOXML tests).

Every part of the zip is listed; XML parts are parsed and written back in canonical form
(C14N: attributes sorted), with what legitimately changes between runs dropped: ``w:rsid*``
attributes and elements, and the dates in ``docProps/core.xml``. Binary parts (images) and the
parts copied verbatim from python-docx's default template are named with their size and
SHA-256 only, and ``styles.xml`` keeps only the styles the document uses (and the ones they
are based on or linked to) without the template's ``w:latentStyles``: what is left is what
decides how the report looks.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VOLATILE = {
    "{http://purl.org/dc/terms/}created",
    "{http://purl.org/dc/terms/}modified",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}revision",
}


# Parts python-docx's template brings and reportgen never writes: a change still shows as a hash.
_TEMPLATE_PARTS = (
    "word/stylesWithEffects.xml",
    "word/theme/",
    "word/fontTable.xml",
    "word/webSettings.xml",
    "customXml/",
    "docProps/thumbnail",
)


def normalized_ooxml(path: Path) -> str:
    """The whole package as one deterministic text: part names, then each part canonicalised."""
    out: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = sorted(package.namelist())
        out.append("PARTS\n" + "\n".join(names))
        used = _used_styles(package, names)
        for name in names:
            data = package.read(name)
            if name.endswith((".xml", ".rels")) and not name.startswith(_TEMPLATE_PARTS):
                out.append(
                    f"\n=== {name}\n{_canonical(data, used if name == 'word/styles.xml' else None)}"
                )
            else:
                out.append(
                    f"\n=== {name} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]})"
                )
    return "\n".join(out) + "\n"


_REFERENCES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
_CHAIN = ("basedOn", "link", "next")


def _used_styles(package: zipfile.ZipFile, names: list[str]) -> set[str]:
    """Style ids referenced from the document parts, closed over basedOn/link/next, plus defaults."""
    used: set[str] = set()
    for name in names:
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            root = etree.fromstring(package.read(name))
            for ref in _REFERENCES:
                used.update(e.get(f"{{{_W}}}val", "") for e in root.iter(f"{{{_W}}}{ref}"))
    styles = etree.fromstring(package.read("word/styles.xml"))
    by_id = {s.get(f"{{{_W}}}styleId"): s for s in styles.iter(f"{{{_W}}}style")}
    used.update(i for i, s in by_id.items() if s.get(f"{{{_W}}}default") == "1" and i)
    todo = list(used)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for link in _CHAIN:
            for e in style.iter(f"{{{_W}}}{link}"):
                target = e.get(f"{{{_W}}}val", "")
                if target not in used:
                    used.add(target)
                    todo.append(target)
    return used


def _canonical(data: bytes, keep_styles: set[str] | None = None) -> str:
    root = etree.fromstring(data)
    if keep_styles is not None:
        for style in list(root.iter(f"{{{_W}}}style")):
            if style.get(f"{{{_W}}}styleId") not in keep_styles:
                style.getparent().remove(style)
    for element in list(root.iter(f"{{{_W}}}latentStyles")):
        element.getparent().remove(element)
    for element in [
        e for e in root.iter() if isinstance(e.tag, str) and e.tag.startswith(f"{{{_W}}}rsid")
    ]:
        element.getparent().remove(element)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _VOLATILE:
            element.text = None
        for attr in [a for a in element.attrib if a.startswith(f"{{{_W}}}rsid")]:
            del element.attrib[attr]
    text = etree.tostring(root, method="c14n").decode()
    # One element per line keeps a golden diff readable.
    return text.replace("><", ">\n<")
