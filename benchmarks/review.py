"""Time `aicontract review` on a long contract: the 技术开发（委托）合同 example with both
annexes (about 30 pages once converted), as .docx and as text.

    python benchmarks/review.py
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicontract import assemble, load_deal, render_docx, render_text  # noqa: E402
from aicontract.review import review  # noqa: E402


def pages(docx: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                       capture_output=True, check=True)
        info = subprocess.run(["pdfinfo", str(Path(tmp) / (docx.stem + ".pdf"))], capture_output=True, text=True).stdout
        return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def main() -> None:
    contract = assemble(load_deal(ROOT / "examples" / "tech_development_ai.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        docx, text = Path(tmp) / "long.docx", Path(tmp) / "long.txt"
        docx.write_bytes(render_docx(contract))
        text.write_text(render_text(contract), encoding="utf-8")
        review(text)  # load the signals and example clauses once, as a running process would
        for path in (docx, text):
            start = time.perf_counter()
            result = review(path)
            elapsed = time.perf_counter() - start
            print(f"{path.suffix}: {elapsed * 1000:.0f} ms, {len(result.items)} items, {len(result.findings)} findings")
        print(f"pages (LibreOffice): {pages(docx)}")
        digits = Path(tmp) / "digits.txt"
        digits.write_text("第一条 合同总价款为人民币" + "1" * 100_000 + "元，大写壹万元整。\n" + "２" * 100_000 + "\n", encoding="utf-8")
        start = time.perf_counter()
        review(digits)
        print(f"100,000-digit runs: {(time.perf_counter() - start) * 1000:.0f} ms")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aicontract.cli", "review", str(docx)], capture_output=True, cwd=ROOT)
        print(f"whole command, cold start: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
