"""Write and read .qdpx files: a zip with `project.qde` (QDA-XML) and the sources as text.

QDA-XML allows a source's text *either* inline (`PlainTextContent`) *or* by `plainTextPath`;
Arki writes the path form, with the text in `sources/<guid>.txt` inside the zip, as
QualCoder and MAXQDA do, and reads both.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

NS = "urn:QDA-XML:project:1.0"
#: The standard's own schema (QDA-XML 1.0 Project.xsd, REFI, MIT licence); see README.md here.
SCHEMA = Path(__file__).with_name("Project.xsd")
ORIGIN = "Arki"
#: Stable GUIDs: the same code/source/user gets the same GUID on every export.
GUID_NAMESPACE = uuid.UUID("6b0c6d52-4a3e-4c35-9f3e-1f1f4c1a2b7d")


#: The schema's RGBType; a colour it would refuse is left out rather than written.
RGB = re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})")
#: Characters XML 1.0 cannot hold at all (a pasted control character would break the file).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def guid(kind: str, key: object) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class CodeNode:
    guid: str
    name: str
    description: str = ""
    color: str = ""
    children: list[CodeNode] = field(default_factory=list)


@dataclass(frozen=True)
class Selection:
    guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str
    coding_guid: str


@dataclass
class Source:
    guid: str
    name: str
    text: str
    selections: list[Selection] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    text: str
    user_guid: str


@dataclass
class Project:
    name: str
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[CodeNode] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _code_element(parent: ET.Element, node: CodeNode) -> None:
    attrs = {"guid": node.guid, "name": _clean(node.name), "isCodable": "true"}
    if RGB.fullmatch(node.color):
        attrs["color"] = node.color
    element = ET.SubElement(parent, _q("Code"), attrs)
    if node.description:
        ET.SubElement(element, _q("Description")).text = _clean(node.description)
    for child in node.children:
        _code_element(element, child)


def project_xml(project: Project) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(_q("Project"), {"name": _clean(project.name), "origin": ORIGIN})
    if project.users:
        users = ET.SubElement(root, _q("Users"))
        for user_guid, name in project.users.items():
            ET.SubElement(users, _q("User"), {"guid": user_guid, "name": _clean(name)})
    if project.codes:
        codes = ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes"))
        for node in project.codes:
            _code_element(codes, node)
    if project.sources:
        sources = ET.SubElement(root, _q("Sources"))
        for source in project.sources:
            element = ET.SubElement(
                sources,
                _q("TextSource"),
                {
                    "guid": source.guid,
                    "name": _clean(source.name),
                    "plainTextPath": f"internal://{source.guid}.txt",
                },
            )
            for sel in source.selections:
                selection = ET.SubElement(
                    element,
                    _q("PlainTextSelection"),
                    {
                        "guid": sel.guid,
                        "startPosition": str(sel.start),
                        "endPosition": str(sel.end),
                        "creatingUser": sel.user_guid,
                    },
                )
                coding = ET.SubElement(
                    selection,
                    _q("Coding"),
                    {"guid": sel.coding_guid, "creatingUser": sel.user_guid},
                )
                ET.SubElement(coding, _q("CodeRef"), {"targetGUID": sel.code_guid})
            for note_guid in source.note_guids:
                ET.SubElement(element, _q("NoteRef"), {"targetGUID": note_guid})
    if project.notes:
        notes = ET.SubElement(root, _q("Notes"))
        for note in project.notes:
            element = ET.SubElement(
                notes,
                _q("Note"),
                {"guid": note.guid, "name": _clean(note.name), "creatingUser": note.user_guid},
            )
            ET.SubElement(element, _q("PlainTextContent")).text = _clean(note.text)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_qdpx(project: Project) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(project))
        for source in project.sources:
            archive.writestr(f"sources/{source.guid}.txt", source.text.encode("utf-8"))
    return buffer.getvalue()


class QdpxError(ValueError):
    """The file is not a REFI-QDA project Arki can read (message is shown to the user)."""


def validate(xml: bytes) -> list[str]:
    """Errors of a project.qde against the REFI-QDA Project schema (empty = valid); needs lxml."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(xml)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _read_code(element: ET.Element) -> CodeNode:
    description = element.find(_q("Description"))
    return CodeNode(
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        description=(description.text or "") if description is not None else "",
        color=element.get("color", ""),
        children=[_read_code(child) for child in element.findall(_q("Code"))],
    )


def read_qdpx(data: bytes) -> Project:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        root = ET.fromstring(archive.read("project.qde"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as error:
        raise QdpxError("The file is not a REFI-QDA project (.qdpx).") from error
    if root.tag != _q("Project"):
        raise QdpxError("The file is not a REFI-QDA project (.qdpx).")
    project = Project(name=root.get("name", ""))
    for user in root.iterfind(f"{_q('Users')}/{_q('User')}"):
        project.users[user.get("guid", "")] = user.get("name", "")
    codes = root.find(f"{_q('CodeBook')}/{_q('Codes')}")
    if codes is not None:
        project.codes = [_read_code(c) for c in codes.findall(_q("Code"))]
    for element in root.iterfind(f"{_q('Sources')}/{_q('TextSource')}"):
        source_guid = element.get("guid", "")
        content = element.find(_q("PlainTextContent"))
        if content is not None:
            text = content.text or ""
        else:
            path = element.get("plainTextPath", "").removeprefix("internal://")
            try:
                text = archive.read(f"sources/{path}").decode("utf-8")
            except KeyError as error:
                raise QdpxError(f"The text of source {element.get('name')} is missing.") from error
        source = Source(guid=source_guid, name=element.get("name", ""), text=text)
        for sel in element.findall(_q("PlainTextSelection")):
            for coding in sel.findall(_q("Coding")):
                ref = coding.find(_q("CodeRef"))
                source.selections.append(
                    Selection(
                        guid=sel.get("guid", ""),
                        start=int(sel.get("startPosition", "0")),
                        end=int(sel.get("endPosition", "0")),
                        code_guid=ref.get("targetGUID", "") if ref is not None else "",
                        user_guid=coding.get("creatingUser", sel.get("creatingUser", "")),
                        coding_guid=coding.get("guid", ""),
                    )
                )
        source.note_guids = [n.get("targetGUID", "") for n in element.findall(_q("NoteRef"))]
        project.sources.append(source)
    for note in root.iterfind(f"{_q('Notes')}/{_q('Note')}"):
        content = note.find(_q("PlainTextContent"))
        project.notes.append(
            Note(
                guid=note.get("guid", ""),
                name=note.get("name", ""),
                text=(content.text or "") if content is not None else "",
                user_guid=note.get("creatingUser", ""),
            )
        )
    return project
