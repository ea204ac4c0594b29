"""Batch throughput and memory, with the naive docxtpl baseline in the same run.

    python benchmarks/batch.py            # N = 1000
    python benchmarks/batch.py -n 200 --naive 100
    python benchmarks/batch.py --naive 200 --repeat 3   # three interleaved rounds, the median ratios

1. Generates N realistic, distinct cooperation deals (parties, amounts, dates, work tasks,
   IP options and dispute routes vary) into one spreadsheet made by aicontract's template.
2. aicontract batch, end to end (read, validate, assemble, check, render .docx, write, hash),
   in a fresh process: N rows with one worker and with all cores, 5×N rows with all cores
   (wall time, contracts/s, peak RSS of the process tree); the whole ``aicontract batch``
   command on N rows; ``--format pdf`` on ``--pdf`` rows (one LibreOffice per core).
3. The naive baseline on the same template and the same contexts: a fresh
   ``docxtpl.DocxTemplate(path).render(context).save(...)`` per row (rendering only; the
   contexts are assembled beforehand and not timed), over ``--naive`` rows (default: all).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicontract.io.deal_file import parse_text  # noqa: E402

CITIES = ["江州", "临川", "云水", "青屏", "南湖", "北岭", "东阳", "西平"]
BUREAUS = ["政务服务和数据管理局", "市场监督管理局", "人力资源和社会保障局", "城市管理局", "医疗保障局", "交通运输局"]
VENDORS = ["智算科技有限公司", "慧语智能科技有限公司", "云帆数据服务有限公司", "星河信息技术有限公司"]
SCENES = ["政务问答", "工单分拨", "政策匹配", "材料预审", "热线辅助", "执法辅助", "舆情分析"]


def make_deal(example: dict, n: int, rng: random.Random) -> dict:
    city = rng.choice(CITIES)
    deal = json.loads(json.dumps(example, default=str))  # a deep copy with plain values
    deal["contract_no"] = f"BENCH-{n:05d}"
    deal["party_a"]["name"] = f"{city}市{rng.choice(BUREAUS)}"
    deal["party_b"]["name"] = f"{city}{rng.choice(VENDORS)}（{n}）"
    deal["project"]["name"] = f"{city}市{rng.choice(SCENES)}大模型（第{n}号）"
    start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(0, 200))
    deal["term"] = {"start": start, "end": start + dt.timedelta(days=360)}
    deal["milestones"] = {
        "expert_review": start + dt.timedelta(days=50), "preliminary_acceptance": start + dt.timedelta(days=200),
        "trial_start": start + dt.timedelta(days=210), "trial_end": start + dt.timedelta(days=300),
        "final_acceptance": start + dt.timedelta(days=340),
    }
    final = start + dt.timedelta(days=340)
    deal["data_processing"]["retained"]["until"] = final + dt.timedelta(days=700)  # within the 2-year support
    total = Decimal(rng.randrange(20, 500)) * 10000
    deal["funding"]["total"] = total
    deal["funding"]["instalments"] = [
        {"trigger": "本合同生效", "percent": 30, "invoice": True, "days": 10},
        {"trigger": "初步验收通过", "percent": 50, "invoice": True, "days": 10},
        {"trigger": "最终验收通过", "percent": 20, "invoice": True, "days": 15},
    ]
    deal["work_tasks"] = [
        {"scenario": f"{rng.choice(SCENES)}场景{i + 1}", "function": f"功能描述{n}-{i + 1}：" + "根据诉求生成答复并注明依据。" * rng.randint(1, 4),
         "deliverable": "系统（含源代码）、模型文件、测试报告"} for i in range(rng.randint(1, 5))
    ]
    option = rng.choice(["sole", "joint", "shares"])
    kept = {k: v for k, v in deal["ip"].items() if k not in ("ownership", "owner", "shares")}  # the copy's
    deal["ip"] = {**kept,
                  **{"sole": {"ownership": "单方享有", "owner": rng.choice(["甲方", "乙方"])},
                     "joint": {"ownership": "双方共同共有"},
                     "shares": {"ownership": "双方按比例共有", "shares": {"party_a": 60, "party_b": 40}}}[option]}
    if option != "shares":  # 第10条 speaks of 乙方's rights, not of a share, unless the IP is held in shares
        transfer = deal["ip"]["transfer"]
        transfer["on_rescission"] = transfer["on_rescission"].replace("份额", "权利")
    deal["ip"]["background_licence_fee"] = total / 20  # paid with the first instalment (30 %): must fit in it
    deal["dispute"] = rng.choice([{"route": "仲裁", "commission": f"{city}仲裁委员会", "seat": f"{city}市"},
                                  {"route": "诉讼", "court_place": "甲方所在地"}])
    return deal


def write_sheet(path: Path, deals: list[dict]) -> None:
    from aicontract.io.sheet_template import write_template
    from aicontract.models import CooperationDeal

    path.write_bytes(write_template(CooperationDeal, deals))


def measure_batch(sheet: Path, outdir: Path, jobs: int | None) -> dict:
    """aicontract batch in a fresh process: wall time and the peak RSS of it and its workers.

    The process's own peak is VmHWM, which starts afresh at exec; ru_maxrss would still count
    the pages of this (large) benchmark process at the moment it forked."""
    code = (
        "import json,re,resource,sys,time\n"
        "from pathlib import Path\n"
        "from aicontract.batch import run_batch\n"
        "t=time.perf_counter()\n"
        f"s=run_batch(Path({str(sheet)!r}),'cooperation',Path({str(outdir)!r}),jobs={jobs!r})\n"
        "wall=time.perf_counter()-t\n"
        "own=int(re.search(r'VmHWM:\\s+(\\d+)',open('/proc/self/status').read()).group(1))\n"
        "kb=max(own,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(json.dumps({'rows':len(s.results),'failed':s.failed,'wall':wall,'peak_mb':kb/1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_naive(deals: list[dict], outdir: Path) -> dict:
    from docxtpl import DocxTemplate

    from aicontract import assemble
    from aicontract.io.deal_file import deal_from_data
    from aicontract.library import bundled_family
    from aicontract.render.docx import bundled_template, environment

    template = bundled_template(bundled_family("cooperation").spec.template)
    contexts = [{"c": assemble(deal_from_data(json.loads(json.dumps(d, default=str))))} for d in deals]
    outdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, context in enumerate(contexts):
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=environment(sandboxed=False))  # the template's own filters
        document.save(str(outdir / f"naive-{i}.docx"))
    wall = time.perf_counter() - start
    return {"rows": len(contexts), "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="rows (default 1000); memory is also measured at 5×N")
    parser.add_argument("--naive", type=int, default=None, help="rows for the naive loop (default: N)")
    parser.add_argument("--jobs", type=int, default=None, help="aicontract worker processes (default: all cores)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pdf", type=int, default=60, help="rows converted to PDF (default 60)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of jobs=1, all cores and the naive loop, interleaved; the median ratio is printed (default 1)")
    args = parser.parse_args()

    example, _ = parse_text((ROOT / "examples" / "cooperation.yaml").read_text(encoding="utf-8"))
    rng = random.Random(args.seed)
    deals = [make_deal(example, n, rng) for n in range(1, 5 * args.n + 1)]
    with tempfile.TemporaryDirectory(prefix="aicontract-bench-") as tmp:
        tmp = Path(tmp)
        write_sheet(tmp / "n.xlsx", deals[: args.n])
        write_sheet(tmp / "5n.xlsx", deals)
        write_sheet(tmp / "pdf.xlsx", deals[: args.pdf])
        rounds = []  # jobs=1, all cores and the naive loop, side by side: the machine's drift hits all three alike
        for r in range(args.repeat):
            rounds.append({"one": measure_batch(tmp / "n.xlsx", tmp / f"out-1-{r}", 1),
                           "ours": measure_batch(tmp / "n.xlsx", tmp / f"out-n-{r}", args.jobs),
                           "naive": measure_naive(deals[: args.naive or args.n], tmp / f"naive-{r}")})
        ours5 = measure_batch(tmp / "5n.xlsx", tmp / "out-5n", args.jobs)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aicontract.cli", "batch", str(tmp / "n.xlsx"), "-o", str(tmp / "out-cli")],
                       capture_output=True, check=True, cwd=ROOT)
        cli_wall = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aicontract.cli", "batch", str(tmp / "pdf.xlsx"), "-o", str(tmp / "out-pdf"),
                        "--format", "pdf"], capture_output=True, check=True, cwd=ROOT)
        pdf_wall = time.perf_counter() - start
        naive_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    jobs = args.jobs or os.cpu_count()
    print(f"machine: {os.cpu_count()} cores; aicontract jobs: {jobs}")
    for i, rnd in enumerate(rounds, start=1):
        one, ours, naive = rnd["one"], rnd["ours"], rnd["naive"]
        rnd.update(one_rate=one["rows"] / one["wall"], ours_rate=ours["rows"] / ours["wall"],
                   naive_rate=naive["rows"] / naive["wall"])
        head = f"round {i}: " if len(rounds) > 1 else ""
        print(f"{head}aicontract batch jobs=1 N={one['rows']:>5}: {one['wall']:7.2f} s  {rnd['one_rate']:8.1f} contracts/s  "
              f"peak RSS {one['peak_mb']:.0f} MB  (failed rows: {one['failed']})")
        print(f"{head}aicontract batch jobs={jobs} N={ours['rows']:>5}: {ours['wall']:7.2f} s  {rnd['ours_rate']:8.1f} contracts/s  "
              f"peak RSS {ours['peak_mb']:.0f} MB  (failed rows: {ours['failed']})")
        print(f"{head}naive docxtpl loop N={naive['rows']:>5}: {naive['wall']:7.2f} s  {rnd['naive_rate']:8.1f} contracts/s  "
              "(render + save only)")
        print(f"{head}per core (jobs=1) vs naive: {rnd['one_rate'] / rnd['naive_rate']:.1f}×   all cores vs naive: "
              f"{rnd['ours_rate'] / rnd['naive_rate']:.1f}×   jobs={jobs} / jobs=1: {rnd['ours_rate'] / rnd['one_rate']:.2f}×")
    ours = rounds[-1]["ours"]
    print(f"aicontract batch jobs={jobs} 5×N={ours5['rows']:>5}: {ours5['wall']:7.2f} s  "
          f"{ours5['rows'] / ours5['wall']:8.1f} contracts/s  peak RSS {ours5['peak_mb']:.0f} MB")
    print(f"the whole command, N={args.n}: {cli_wall:.2f} s;  PDFs: {args.pdf} in {pdf_wall:.2f} s "
          f"({args.pdf / pdf_wall:.1f}/s);  peak RSS of this process (naive loop) {naive_kb / 1024:.0f} MB")
    if len(rounds) > 1:
        def median(key):
            return statistics.median(key(rnd) for rnd in rounds)
        print(f"median of {len(rounds)} rounds: per core vs naive {median(lambda r: r['one_rate'] / r['naive_rate']):.1f}×   "
              f"all cores vs naive {median(lambda r: r['ours_rate'] / r['naive_rate']):.1f}×   "
              f"jobs={jobs} / jobs=1 {median(lambda r: r['ours_rate'] / r['one_rate']):.2f}×   "
              f"(jobs=1 {median(lambda r: r['one_rate']):.1f}/s, jobs={jobs} {median(lambda r: r['ours_rate']):.1f}/s, "
              f"naive {median(lambda r: r['naive_rate']):.1f}/s)")
    print(f"memory 5×N / N: {ours5['peak_mb'] / ours['peak_mb']:.2f}")

if __name__ == "__main__":
    main()
