/* 审查: upload a received contract, show the findings, download the annotated copy and the memo. */
"use strict";

(function () {
  const form = document.getElementById("review-form");
  const input = document.getElementById("review-file");
  const message = document.getElementById("review-message");
  const STATUS = { covered: "已约定", partial: "约定不完整", missing: "未约定" };
  const CLASS = { covered: "ok", partial: "warn", missing: "bad" };

  function upload(fmt) {
    const data = new FormData();
    data.append("file", input.files[0], input.files[0].name);
    return AC.call(`/api/v1/review?format=${fmt}`, { method: "POST", body: data, blob: fmt !== "json" });
  }

  function show(review) {
    document.getElementById("review-title").textContent =
      `${review.source}：${review.items.filter((i) => i.status === "covered").length} / ${review.items.length} 项已约定`;
    document.querySelector("#review-items tbody").replaceChildren(...review.items.map((item) => AC.el("tr", {},
      AC.el("td", { text: `${item.id} ${item.label}` }),
      AC.el("td", { class: CLASS[item.status], text: STATUS[item.status] || item.status }),
      AC.el("td", {}, item.evidence.slice(0, 3).map((e) => AC.el("div", { text: `${e.where}：“${e.quote}”` }))),
      AC.el("td", { text: item.lacking.join("、") }),
      AC.el("td", { class: "help", text: item.suggestion }))));
    const findings = review.findings.length ? review.findings.map((f) => AC.el("li", { class: f.ok ? "ok" : "bad",
      text: `${f.ok ? "✓" : "✗"} ${f.where}：${f.message}` })) : [AC.el("li", { text: "（无）" })];
    document.getElementById("review-findings").replaceChildren(...findings);
    document.getElementById("review-result").hidden = false;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!input.files[0]) return;
    AC.show(message, "正在审查…", "info");
    document.getElementById("review-result").hidden = true;  // the last file's findings are not this file's
    const result = await upload("json");
    if (!result.ok) { AC.show(message, AC.errorText(result)); return; }
    AC.show(message, "");
    show(result.data);
    document.getElementById("review-docx").disabled = false;
    document.getElementById("review-memo").disabled = false;
  });
  input.addEventListener("change", () => {
    document.getElementById("review-docx").disabled = true;
    document.getElementById("review-memo").disabled = true;
  });
  for (const [id, fmt] of [["review-docx", "docx"], ["review-memo", "memo"]]) {
    document.getElementById(id).addEventListener("click", async () => {
      const result = await upload(fmt);
      if (!result.ok) { AC.show(message, AC.errorText(result)); return; }
      AC.save(result.data, AC.filename(result.response, `review-${fmt}.docx`));
    });
  }
})();
