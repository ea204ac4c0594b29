"""Edit a .docx through LibreOffice's own API (UNO), as a person in LibreOffice Writer would, and
save it as .docx. Run by the system Python that has the ``uno`` module (Debian: python3-uno):

    python3 tests/lo_uno.py JOB.json

JOB: {"input": ..., "output": ..., "record": true|false, "steps": [...]}; steps:
  ["replace", old, new]          replace every occurrence (Writer's 查找和替换)
  ["delete_paragraph", text]     delete the paragraph that starts with text
  ["insert_after", text, new]    a new paragraph after the one that starts with text
  ["accept_all"] / ["reject_all"]  Writer's 接受全部修订 / 拒绝全部修订
With "record": true, the edits are recorded as tracked changes (修订)."""

import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.25)
    raise RuntimeError("LibreOffice did not start")


def paragraph_starting(doc, text):
    for paragraph in iter_enum(doc.Text.createEnumeration()):
        if paragraph.supportsService("com.sun.star.text.Paragraph") and paragraph.getString().startswith(text):
            return paragraph
    raise KeyError(text)


def iter_enum(enum):
    while enum.hasMoreElements():
        yield enum.nextElement()


def run(job, ctx):
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    url = uno.systemPathToFileUrl(os.path.abspath(job["input"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    doc.RecordChanges = bool(job.get("record"))
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    for step in job["steps"]:
        if step[0] == "replace":
            search = doc.createReplaceDescriptor()
            search.SearchString, search.ReplaceString = step[1], step[2]
            if doc.replaceAll(search) == 0:
                raise KeyError(step[1])
        elif step[0] == "delete_paragraph":
            paragraph = paragraph_starting(doc, step[1])
            cursor = doc.Text.createTextCursorByRange(paragraph.getStart())
            cursor.gotoEndOfParagraph(True)
            cursor.goRight(1, True)  # the paragraph mark too
            cursor.setString("")
        elif step[0] == "insert_after":
            paragraph = paragraph_starting(doc, step[1])
            cursor = doc.Text.createTextCursorByRange(paragraph.getEnd())
            doc.Text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            doc.Text.insertString(cursor, step[2], False)
        elif step[0] in ("accept_all", "reject_all"):
            command = ".uno:AcceptAllTrackedChanges" if step[0] == "accept_all" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(doc.CurrentController.Frame, command, "", 0, ())
        else:
            raise ValueError(step)
    out = uno.systemPathToFileUrl(os.path.abspath(job["output"]))
    doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)


def main():
    job = json.load(open(sys.argv[1], encoding="utf-8"))
    pipe = f"aicontract_test_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="aicontract-uno-") as profile:
        office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                                   "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ctx = connect(pipe)
            run(job, ctx)
            try:
                ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx).terminate()
            except Exception:  # noqa: BLE001 - the bridge closes as LibreOffice quits
                pass
            office.wait(timeout=60)
        finally:
            if office.poll() is None:
                office.kill()


if __name__ == "__main__":
    main()
