"""aicontract: drafts Chinese contracts for government AI technology cooperation.

The checked path, each stage a plain function over plain data::

    deal = load_deal("examples/cooperation.yaml")   # answers -> typed Deal
    contract, report = draft(deal)                   # assembled and checked; IncompleteDraft if it fails
    data = render(contract, "docx")                  # Contract -> .docx (or "md", "txt", "pdf") bytes

``assemble`` and ``check`` are the two halves of ``draft``; ``render_docx`` and ``render_text``
the renderers behind ``render``.
"""

from .drafting import Contract, IncompleteDraft, Report, assemble, check, draft
from .errors import AicontractError, InputError
from .io.deal_file import DealError, load_deal
from .library import LibraryError, load_family
from .render import render, render_docx, render_text
from .version import __version__

__all__ = ["AicontractError", "Contract", "DealError", "IncompleteDraft", "InputError", "LibraryError", "Report",
           "__version__", "assemble", "check", "draft", "load_deal", "load_family", "render", "render_docx",
           "render_text"]
