"""aicontract: drafts Chinese contracts for government AI technology cooperation.

The flow, each stage a plain function over plain data::

    deal = load_deal("examples/cooperation.yaml")   # answers -> typed Deal
    contract = assemble(deal)                        # Deal + clause library -> Contract
    data = render_docx(contract)                     # Contract -> .docx bytes
"""

__version__ = "0.1.0"

from .assemble import assemble  # noqa: E402
from .deal_io import DealError, load_deal  # noqa: E402
from .library import LibraryError, load_family  # noqa: E402
from .render.docx import render_docx  # noqa: E402
from .render.text import render_text  # noqa: E402

__all__ = ["DealError", "LibraryError", "__version__", "assemble", "load_deal", "load_family", "render_docx", "render_text"]
