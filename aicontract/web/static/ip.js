/* 知识产权选项: mark the option a deal chose (from a deal file or from the 起草 page's answers). */
"use strict";

(function () {
  const message = document.getElementById("ip-message");

  function clear() {  // no choice marked, and the downloads name none
    document.querySelectorAll(".chosen").forEach((n) => n.classList.remove("chosen"));
    document.getElementById("ip-docx").href = "/api/v1/ip-options?format=docx";
    document.getElementById("ip-md").href = "/api/v1/ip-options?format=md";
  }

  function mark(group, option) {
    clear();
    if (!option) { AC.show(message, "该合同参数没有知识产权归属选项"); return; }
    document.querySelectorAll(`[data-group="${CSS.escape(group)}"] [data-option="${CSS.escape(option)}"]`)
      .forEach((n) => n.classList.add("chosen"));
    const title = document.querySelector(`[data-group="${CSS.escape(group)}"] th[data-option="${CSS.escape(option)}"]`);
    AC.show(message, `本合同所选：${title ? title.textContent : option}（已在表中标出）`, "info");
    document.getElementById("ip-docx").href = `/api/v1/ip-options?format=docx&chosen=${encodeURIComponent(option)}`;
    document.getElementById("ip-md").href = `/api/v1/ip-options?format=md&chosen=${encodeURIComponent(option)}`;
  }

  async function chosen(body, type) {
    const result = await AC.call("/api/v1/ip-options/chosen", { method: "POST", body, headers: { "Content-Type": type } });
    if (!result.ok) { clear(); AC.show(message, AC.errorText(result)); return; }
    mark(result.data.group, result.data.option);
  }

  document.getElementById("ip-deal").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) await chosen(await file.text(), "application/yaml");
  });
  document.getElementById("ip-from-draft").addEventListener("click", async () => {
    // the draft edited last, whichever family it is
    const drafts = ["cooperation", "tech_development"]
      .map((family) => ({ family, saved: JSON.parse(localStorage.getItem(`aicontract.draft.${family}`) || "null") }))
      .filter((d) => d.saved && d.saved.answers && d.saved.answers.ip)
      .sort((a, b) => (b.saved.saved || 0) - (a.saved.saved || 0));
    for (const { family, saved } of drafts) {
      const ip = saved.answers.ip;
      const result = await AC.call(`/api/v1/families/${family}/validate`, { method: "POST", json: saved.answers });
      if (result.ok && result.data.valid) return chosen(JSON.stringify({ family, ...result.data.answers }), "application/json");
      const options = await AC.call("/api/v1/ip-options");
      for (const group of options.data.groups) {
        if (!group.applies_to.includes(family)) continue;
        const hit = group.options.find((o) => Object.keys(o.deal).length && Object.entries(o.deal).every(([k, v]) => ip[k] === v));
        if (hit) return mark(group.id, hit.id);
      }
    }
    AC.show(message, "起草页面尚未选择知识产权归属方式");
  });
  document.getElementById("ip-print").addEventListener("click", () => window.print());
})();
