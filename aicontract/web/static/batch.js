/* 批量: template download, upload, progress while rows are drafted, the per-row table, the .zip. */
"use strict";

(function () {
  const form = document.getElementById("batch-form");
  const familySelect = document.getElementById("batch-family");
  const message = document.getElementById("batch-message");
  const progress = document.getElementById("batch-progress");
  const bar = document.getElementById("batch-bar");
  const count = document.getElementById("batch-count");
  const table = document.getElementById("batch-rows");
  const zip = document.getElementById("batch-zip");

  familySelect.addEventListener("change", () => {
    document.getElementById("batch-template").href = `/api/v1/families/${encodeURIComponent(familySelect.value)}/sheet-template`;
  });

  const onlyFailed = document.getElementById("batch-only-failed");
  let shown = [];

  // a list sheet's row is named with its sheet (工作任务!13), as report.csv names it (clerk walkthrough M16)
  function rows(list) {
    shown = list;
    const visible = onlyFailed.checked ? list.filter((r) => r.failed) : list;
    table.hidden = !list.length;
    const none = onlyFailed.checked && list.length && !visible.length  // the filter leaves nothing: said (clerk recheck N14)
      ? [AC.el("tr", {}, AC.el("td", { colspan: 7, class: "ok", text: "没有未成功的行：全部行已完成 / every row done" }))] : [];
    table.querySelector("tbody").replaceChildren(...none, ...visible.map((r) => AC.el("tr", {},
      AC.el("td", { text: r.sheet && r.sheet !== "合同" ? `${r.sheet}!${r.row}` : r.row }),
      AC.el("td", { text: r.contract_no || "—" }),
      AC.el("td", { class: r.failed ? "bad" : r.status === "ok" ? "ok" : "warn", text: r.status_title }),
      AC.el("td", { text: r.cells.join("、") }),
      AC.el("td", {}, r.messages.map((m, i) => AC.el("div", { text: (r.cells[i] ? r.cells[i] + "：" : "") + m })),
        r.missing.map((m) => AC.el("div", { text: "缺项：" + m }))),
      AC.el("td", {}, r.reminders.map((m) => AC.el("div", { text: m }))),
      AC.el("td", { text: r.files.join("、") }))));
  }

  onlyFailed.addEventListener("change", () => rows(shown));

  async function poll(id) {
    for (;;) {
      const result = await AC.call(`/api/v1/batch/jobs/${encodeURIComponent(id)}`);
      if (!result.ok) { AC.show(message, AC.errorText(result)); return; }
      const job = result.data;
      if (job.total) { bar.max = job.total; bar.value = job.done; }
      count.textContent = job.total ? `${job.done} / ${job.total} 行` : `已完成 ${job.done} 行`;
      if (job.pdfs) {  // the rows are drafted: the PDF step has its own count
        [bar.value, bar.max] = [job.pdfs[0], Math.max(1, job.pdfs[1])];
        count.textContent = `生成 PDF ${job.pdfs[0]} / ${job.pdfs[1]}`;
      }
      if (job.status === "failed") { AC.show(message, job.message); return; }
      if (job.status === "done") {
        bar.max = Math.max(1, job.rows.length); bar.value = job.rows.length;
        count.textContent = `${job.rows.length} 行`;
        document.getElementById("batch-summary").textContent = job.summary;  // notes on the sheet, counts, the report
        rows(job.rows);
        zip.href = job.zip;
        zip.hidden = false;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    AC.show(message, "");
    zip.hidden = true;
    rows([]);
    const data = new FormData();
    data.append("family", familySelect.value);
    for (const file of document.getElementById("batch-files").files) data.append("files", file, file.name);
    const formats = [...form.querySelectorAll("input[name=formats]:checked")].map((n) => n.value);
    data.append("formats", formats.join(",") || "docx");
    data.append("allow_incomplete", form.querySelector("input[name=allow_incomplete]").checked ? "true" : "false");
    progress.hidden = false;
    bar.removeAttribute("value");
    count.textContent = "正在上传和读取表格…";
    document.getElementById("batch-summary").textContent = "";
    const result = await AC.call("/api/v1/batch/jobs", { method: "POST", body: data });
    if (!result.ok) { AC.show(message, AC.errorText(result)); progress.hidden = true; return; }
    await poll(result.data.id);
  });
})();
