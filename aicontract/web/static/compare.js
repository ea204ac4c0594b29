/* 比较: upload the draft sent and the one that came back, show the changes by clause and what
   the edits broke, download the redline. */
"use strict";

(function () {
  const form = document.getElementById("compare-form");
  const ours = document.getElementById("compare-ours");
  const theirs = document.getElementById("compare-theirs");
  const message = document.getElementById("compare-message");
  const download = document.getElementById("compare-docx");
  const result = document.getElementById("compare-result");
  const OPS = { modify: "修改", delete: "删除", insert: "新增" };

  function upload(fmt) {
    const data = new FormData();
    data.append("ours", ours.files[0], ours.files[0].name);
    data.append("theirs", theirs.files[0], theirs.files[0].name);
    return AC.call(`/api/v1/compare?format=${fmt}`, { method: "POST", body: data, blob: fmt !== "json" });
  }

  function quote(text, limit) {
    const flat = text.split(/\s+/).join(" ");
    return flat.length > limit ? `“${flat.slice(0, limit)}……”` : `“${flat}”`;
  }

  function where(change) {
    if (!change.clause && !change.number) return "（未标条款）";
    const label = [change.number, change.title].filter(Boolean).join(" ") || change.clause;
    return (change.after ? `${label} 之后` : label) + (change.source ? `（${change.source}）` : "");
  }

  function content(change) {
    const table = !change.table ? "" : change.table_row ? `表格第${change.table_row}行${change.table_columns.join("、")}：` : "整个表格：";
    if (change.op === "modify") {
      return table + change.fragments.map((f) => `${f.ours ? quote(f.ours, 40) : "∅"} → ${f.theirs ? quote(f.theirs, 40) : "∅"}`).join("；");
    }
    return table + quote(change.op === "delete" ? change.ours : change.theirs, 80);
  }

  function list(id, items, empty) {
    document.getElementById(id).replaceChildren(...(items.length ? items : [AC.el("li", { text: empty })]));
  }

  function show(comparison) {
    const changes = comparison.changes;
    const counts = Object.fromEntries(Object.keys(OPS).map((op) => [op, changes.filter((c) => c.op === op).length]));
    document.getElementById("compare-title").textContent =
      `${comparison.ours} → ${comparison.theirs}：共 ${changes.length} 处变更（修改 ${counts.modify}、新增 ${counts.insert}、删除 ${counts.delete}）`;
    const notes = [];
    if (comparison.different_contracts.length) {
      notes.push(AC.el("li", { class: "bad", text: `两份文件不像同一份合同的两个版本：${comparison.different_contracts.join("；")}` }));
    }
    if (comparison.identical_files) notes.push(AC.el("li", { class: "warn", text: "两个文件完全相同：是否选了同一个文件？" }));
    if (comparison.theirs_had_tracked_changes) notes.push(AC.el("li", { text: "对方稿中的修订已按“接受”读取。" }));
    if (!comparison.drafted_by_aicontract) notes.push(AC.el("li", { text: "我方稿不是 aicontract 起草的：按段落比较，按正文所写的条号定位，不标条款来源。" }));
    document.getElementById("compare-notes").replaceChildren(...notes);
    list("compare-broken", comparison.broken.map((b) => AC.el("li", { class: "bad", text: `✗ ${b.message}` })),
      "（无）对方的修改没有使此前满足的事项不再满足。");
    document.querySelector("#compare-changes tbody").replaceChildren(...changes.map((c) => AC.el("tr", {},
      AC.el("td", { text: where(c) }),
      AC.el("td", { class: c.op === "delete" ? "bad" : c.op === "insert" ? "ok" : "warn",
        text: (OPS[c.op] || c.op) + (c.tracked === null ? "" : c.tracked ? "（已标修订）" : "（未标修订）") }),
      AC.el("td", { text: content(c) }))));
    if (!changes.length) {
      document.querySelector("#compare-changes tbody").replaceChildren(AC.el("tr", {}, AC.el("td", { colspan: 3, text: "（无变更）" })));
    }
    list("compare-touched", comparison.touched.map((t) => AC.el("li", { text: t })), "（无）");
    result.hidden = false;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!ours.files[0] || !theirs.files[0]) return;
    AC.show(message, "正在比较…", "info");
    result.hidden = true;  // the last pair's changes are not this pair's
    download.disabled = true;
    const answer = await upload("json");
    if (!answer.ok) { AC.show(message, AC.errorText(answer)); return; }
    AC.show(message, "");
    show(answer.data);
    download.disabled = false;
  });
  for (const input of [ours, theirs]) {
    input.addEventListener("change", () => { download.disabled = true; });
  }
  download.addEventListener("click", async () => {
    const answer = await upload("docx");
    if (!answer.ok) { AC.show(message, AC.errorText(answer)); return; }
    AC.save(answer.data, AC.filename(answer.response, "修订对照稿.docx"));
  });
})();
