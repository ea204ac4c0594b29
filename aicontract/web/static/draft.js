/* 起草: the form built from the deal model's fields (sent by the server with the page), answers
   kept in this browser (localStorage), validated by the API as the user types: which conditional
   fields show, each field's problems in the command line's words, and the mandatory check. */
"use strict";

(function () {
  const form = JSON.parse(document.getElementById("form-data").textContent);
  const family = form.family;
  const byName = Object.fromEntries(form.fields.map((f) => [f.name, f]));
  const storageKey = `aicontract.draft.${family}`;
  const formNode = document.getElementById("deal-form");
  const stepNodes = [...formNode.querySelectorAll("section.step")];
  const stepLinks = [...document.querySelectorAll("#step-list a")];
  const message = document.getElementById("form-message");

  let answers = {};
  let touched = new Set();
  let hidden = new Set();
  let problems = [];
  let showAll = false;
  let current = 0;
  let last = null; // the last validation answer
  let sequence = 0;
  let timer = null;
  let pending = null;

  /* --- answers by path ------------------------------------------------------------------- */
  const keyOf = (path) => path.join(".");
  function get(path) {
    let node = answers;
    for (const part of path) {
      if (node === null || typeof node !== "object" || !(part in node)) return undefined;
      node = node[part];
    }
    return node;
  }
  function set(path, value) {
    let node = answers;
    path.slice(0, -1).forEach((part, i) => {
      if (node[part] === undefined || node[part] === null || typeof node[part] !== "object") {
        node[part] = typeof path[i + 1] === "number" ? [] : {};
      }
      node = node[part];
    });
    const lastPart = path[path.length - 1];
    if (value === undefined || value === "") {
      if (Array.isArray(node)) node[lastPart] = value === "" ? "" : null;
      else delete node[lastPart];
    } else {
      node[lastPart] = value;
    }
  }
  function remove(path, index) {
    const list = get(path);
    if (Array.isArray(list)) list.splice(index, 1);
  }

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ answers, touched: [...touched], step: current, saved: Date.now() }));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }
  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (saved && typeof saved.answers === "object") {
        answers = saved.answers || {};
        touched = new Set(saved.touched || []);
        current = Math.min(saved.step || 0, stepNodes.length - 1);
      }
    } catch (e) { answers = {}; }
  }

  /* --- building the fields ------------------------------------------------------------------ */
  const idOf = (key) => "f-" + key;
  function head(field, key, forId) {
    const label = AC.el(forId ? "label" : "div", { class: forId ? null : "label", for: forId || null },
      field.title, field.required ? AC.el("span", { class: "req", title: "必填", text: "*" }) : null);
    const bits = [field.help];
    if (field.default !== null && field.default !== undefined && field.kind !== "group") {
      bits.push(`不填则为：${field.default === true ? "是" : field.default === false ? "否" : field.default}`);
    }
    const help = bits.filter(Boolean).join("；");
    return [label, help ? AC.el("div", { class: "help", id: "h-" + key, text: help }) : null];
  }

  function onValue(path, value) {
    set(path, value);
    touched.add(keyOf(path));
    save();
    schedule();
  }

  function textInput(field, path, value, attrs = {}) {
    const key = keyOf(path);
    const common = { id: attrs.id === undefined ? idOf(key) : attrs.id, name: key, "aria-describedby": "h-" + key + " e-" + key,
      oninput: (e) => onValue(path, e.target.value), ...attrs };
    delete common.multiline;
    if (field.kind === "date") return AC.el("input", { type: "date", value: value ?? "", ...common });
    if (field.kind === "int" || field.kind === "decimal") {
      return AC.el("input", { type: "text", inputmode: field.kind === "int" ? "numeric" : "decimal", value: value ?? "",
        placeholder: field.title.includes("元") ? "例：1860000.00" : "", ...common });
    }
    if (attrs.multiline || field.multiline) {
      const area = AC.el("textarea", { rows: 2, ...common });
      area.value = value ?? "";
      return area;
    }
    return AC.el("input", { type: "text", value: value ?? "", ...common });
  }

  function choiceInputs(field, path, value) {
    const key = keyOf(path);
    const wrap = AC.el("div", { class: "choices" + (field.kind === "bool" ? " row" : ""), role: "radiogroup",
      "aria-labelledby": "l-" + key });
    const options = field.kind === "bool" ? [{ value: true, explain: "", text: "是" }, { value: false, explain: "", text: "否" }]
      : field.choices.map((c) => ({ ...c, text: c.value }));
    if (!field.required && field.kind === "choice") options.push({ value: null, explain: "", text: "（不填）" });
    options.forEach((option, i) => {
      const checked = option.value === null ? value === undefined || value === null : value === option.value;
      const input = AC.el("input", { type: "radio", name: key, id: `${idOf(key)}-${i}`, checked,
        value: option.value === null ? "" : String(option.value),
        onchange: () => onValue(path, option.value === null ? undefined : option.value) });
      wrap.append(AC.el("label", { for: `${idOf(key)}-${i}` }, input,
        AC.el("span", {}, option.text, option.explain ? AC.el("span", { class: "explain", text: " — " + option.explain }) : null)));
    });
    return wrap;
  }

  function multiChoice(field, path, value) {
    const key = keyOf(path);
    const chosen = Array.isArray(value) ? value : [];
    const wrap = AC.el("div", { class: "choices row" });
    field.choices.forEach((option, i) => {
      const input = AC.el("input", { type: "checkbox", name: key, id: `${idOf(key)}-${i}`, value: option.value,
        checked: chosen.includes(option.value),
        onchange: () => {
          const now = [...wrap.querySelectorAll("input:checked")].map((n) => n.value);
          onValue(path, now.length ? now : undefined);
        } });
      wrap.append(AC.el("label", { for: `${idOf(key)}-${i}`, title: option.explain || null }, input, option.value));
    });
    return wrap;
  }

  function errorNode(key) {
    return AC.el("div", { class: "error", id: "e-" + key, "aria-live": "polite" });
  }

  function fieldNode(field, path) {
    const key = keyOf(path);
    const value = get(path);
    const wrap = AC.el("div", { class: "field", dataset: { path: key, kind: field.kind } });
    if (field.kind === "group") {
      const box = AC.el("fieldset", { class: "group" }, AC.el("legend", { text: field.title }));
      if (field.help) box.append(AC.el("div", { class: "help", id: "h-" + key, text: field.help }));
      const optional = !field.required && !field.ask_when;
      if (optional) {
        const include = AC.el("input", { type: "checkbox", id: idOf(key) + "-include", checked: value !== undefined && value !== null,
          onchange: (e) => { set(path, e.target.checked ? {} : undefined); touched.add(key); save(); rebuild(); schedule(); } });
        box.append(AC.el("label", { class: "include", for: idOf(key) + "-include" }, include, ` 填写“${field.title}”`));
      }
      if (!optional || (value !== undefined && value !== null)) {
        field.fields.forEach((child) => box.append(fieldNode(child, [...path, child.name])));
      }
      box.append(errorNode(key));
      wrap.append(box);
    } else if (field.kind === "group_list" || field.kind === "text_list") {
      wrap.append(...head(field, key, null));
      let items = Array.isArray(value) ? value : [];
      if (!items.length) {
        items = field.kind === "text_list" ? [""] : Array.from({ length: Math.max(1, field.min_items) }, () => ({}));
        if (field.kind === "group_list" && field.min_items) set(path, items);
      }
      items.forEach((item, i) => {
        const del = AC.el("button", { type: "button", class: "small", text: "删除",
          "aria-label": `删除${field.title}第${i + 1}项`,
          disabled: items.length <= Math.max(1, field.min_items),
          onclick: () => { remove(path, i); touched.add(key); save(); rebuild(); schedule(); } });
        if (field.kind === "text_list") {
          wrap.append(AC.el("div", { class: "list-row" },
            textInput(field, [...path, i], item, { id: `${idOf(key)}-${i}`, multiline: true, "aria-label": `${field.title}第${i + 1}项` }), del));
        } else {
          const box = AC.el("div", { class: "item", dataset: { path: `${key}.${i}` } },
            AC.el("div", { class: "item-head" }, `第${i + 1}项`, del));
          if (!get([...path, i])) set([...path, i], {});
          field.fields.forEach((child) => box.append(fieldNode(child, [...path, i, child.name])));
          box.append(errorNode(`${key}.${i}`));
          wrap.append(box);
        }
      });
      wrap.append(AC.el("button", { type: "button", class: "small", text: "添加一项", "aria-label": `添加${field.title}`,
        onclick: () => {
          const list = Array.isArray(get(path)) ? get(path) : items;
          list.push(field.kind === "text_list" ? "" : {});
          set(path, list); touched.add(key); save(); rebuild(); schedule();
        } }));
      wrap.append(errorNode(key));
    } else {
      const forId = field.kind === "choice" || field.kind === "bool" || field.kind === "choices" ? null : idOf(key);
      const [label, help] = head(field, key, forId);
      label.id = "l-" + key;
      wrap.append(label, help || "");
      if (field.kind === "choice" || field.kind === "bool") wrap.append(choiceInputs(field, path, value));
      else if (field.kind === "choices") wrap.append(multiChoice(field, path, value));
      else wrap.append(textInput(field, path, value === undefined || value === null ? "" : String(value)));
      wrap.append(errorNode(key));
    }
    return wrap;
  }

  function rebuild() {
    stepNodes.forEach((node) => {
      const box = node.querySelector(".fields");
      box.replaceChildren(...node.dataset.fields.split(",").map((name) => fieldNode(byName[name], [name])));
    });
    applyVisibility();
    applyProblems();
  }

  /* --- steps ------------------------------------------------------------------------------- */
  function showStep(index, focus) {
    current = Math.max(0, Math.min(index, stepNodes.length - 1));
    stepNodes.forEach((node, i) => { node.hidden = i !== current; });
    stepLinks.forEach((link, i) => link.classList.toggle("current", i === current));
    save();
    if (focus) stepNodes[current].querySelector("h2").scrollIntoView({ block: "start" });
  }
  stepLinks.forEach((link, i) => link.addEventListener("click", (e) => { e.preventDefault(); showStep(i, true); }));
  formNode.querySelectorAll("[data-go]").forEach((b) => b.addEventListener("click", () => showStep(Number(b.dataset.go), true)));
  function stepOf(path) {
    const top = path.split(".")[0];
    return stepNodes.findIndex((node) => node.dataset.fields.split(",").includes(top));
  }
  function goTo(path) {
    const index = stepOf(path);
    if (index >= 0) showStep(index, false);
    const node = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (node) {
      node.scrollIntoView({ block: "center" });
      const input = node.querySelector("input, textarea");
      if (input) input.focus();
    }
  }

  /* --- what the server says ---------------------------------------------------------------- */
  const isMissing = (msg) => msg.startsWith("缺少必填字段") || msg.startsWith("必填，尚未填写");
  function shown(problem) {
    if (showAll || !isMissing(problem.msg)) return true;
    if (touched.has(problem.path)) return true;
    for (const key of touched) if (key.startsWith(problem.path + ".")) return true;
    return false;
  }

  function applyVisibility() {
    document.querySelectorAll(".field[data-path]").forEach((node) => { node.hidden = hidden.has(node.dataset.path); });
  }

  function applyProblems() {
    document.querySelectorAll(".field.invalid").forEach((n) => n.classList.remove("invalid"));
    document.querySelectorAll(".error").forEach((n) => { n.textContent = ""; });
    const byPath = {};
    problems.filter(shown).forEach((p) => { (byPath[p.path] = byPath[p.path] || []).push(p.msg); });
    for (const [path, messages] of Object.entries(byPath)) {
      const node = document.getElementById("e-" + path);
      if (node) {
        node.textContent = messages.join("；");
        const field = node.closest(".field");
        if (field) field.classList.add("invalid");
      }
    }
    stepLinks.forEach((link, i) => {
      const names = stepNodes[i].dataset.fields.split(",");
      const mine = problems.filter((p) => names.includes(p.path.split(".")[0]));
      const dot = link.querySelector(".dot");
      const filled = names.some((n) => get([n]) !== undefined);
      dot.className = "dot" + (mine.length ? (mine.some(shown) ? " bad" : "") : filled || last ? " ok" : "");
    });
  }

  function findingList(title, findings) {
    if (!findings.length) return null;
    const failed = findings.filter((f) => f.status === "fail");
    const others = findings.filter((f) => f.status !== "fail");
    const item = (f) => AC.el("li", { class: f.status === "pass" ? "pass" : f.status === "n/a" ? "na" : f.mandatory ? "fail" : "note" },
      `${f.id} ${f.label}`, f.status === "pass" && f.where.length ? `：${f.where.join("、")}` : "",
      f.status !== "pass" && f.problems.length ? `：${f.problems.join("；")}` : "",
      f.status === "fail" && f.advice ? AC.el("div", { class: "help", text: (!f.mandatory ? "参考：" : f.kind === "rule" ? "处理建议：" : "请补充：") + f.advice }) : null);
    const box = AC.el("section", {}, AC.el("h3", { text: `${title}（${failed.filter((f) => f.mandatory).length} 项未通过）` }));
    if (failed.length) box.append(AC.el("ul", {}, failed.map(item)));
    if (others.length) box.append(AC.el("details", {}, AC.el("summary", { text: `通过或不适用 ${others.length} 项` }), AC.el("ul", {}, others.map(item))));
    return box;
  }

  function ignoredNote() {  // answers the other answers make inapplicable: left out of the contract, and said so
    const ignored = (last && last.ignored) || [];
    if (!ignored.length) return "";
    return AC.el("section", { id: "ignored" }, AC.el("h3", { text: `不计入合同的回答（${ignored.length} 项）` }),
      AC.el("ul", {}, ignored.map((p) => AC.el("li", { class: "note" }, `${p.title}：${p.msg}`))));
  }

  function showCheck() {
    const status = document.getElementById("check-status");
    const body = document.getElementById("check-body");
    if (!last) return;
    if (!last.valid) {
      status.className = "status bad";
      status.textContent = `合同参数尚有 ${last.problems.length} 处未填写或有误`;
      const list = AC.el("ul", {}, last.problems.slice(0, 60).map((p) => AC.el("li", { class: "fail" },
        AC.el("a", { onclick: () => { touched.add(p.path); applyProblems(); goTo(p.path); } }, p.title || p.path || "文件"), `：${p.msg}`)));
      body.replaceChildren(ignoredNote(), list, last.problems.length > 60 ? AC.el("p", { class: "help", text: `另有 ${last.problems.length - 60} 处` }) : "");
      return;
    }
    const report = last.report;
    const failures = report.findings.filter((f) => f.status === "fail" && f.mandatory).length;
    // the “!” rule lines (placeholders printed, data going abroad): the draft is written, a person reads them first
    const isReminder = (f) => f.kind === "rule" && f.status === "fail" && !f.mandatory;
    const reminders = report.findings.filter(isReminder);
    status.className = "status " + (report.ok ? "ok" : "bad");
    status.textContent = (report.ok ? "✓ 必备事项检查全部通过" : `✗ ${failures} 项未通过必备事项检查`) +
      (reminders.length ? `，另有 ${reminders.length} 项提示（见下）` : "");
    body.replaceChildren(
      ignoredNote(),
      reminders.length ? AC.el("section", { id: "reminders" }, AC.el("h3", { text: `提示（仅供参考，${reminders.length} 项）` }),
        AC.el("ul", {}, reminders.map((f) => AC.el("li", { class: "note" }, `${f.id} ${f.label}：${f.problems.join("；")}`,
          f.advice ? AC.el("div", { class: "help", text: "参考：" + f.advice }) : null)))) : "",
      ...report.notes.map((n) => AC.el("p", { class: "help", text: "注：" + n })),
      findingList("第三十四—三十六条所列内容（aicontract 作为必备）", report.findings.filter((f) => f.kind === "item")) || "",
      findingList("一致性规则", report.findings.filter((f) => f.kind === "rule" && !isReminder(f))) || "",
      findingList("义务分配（第五—三十三条）", report.findings.filter((f) => f.kind === "obligation")) || "");
  }

  async function validate() {
    const mine = ++sequence;
    const result = await AC.call(`/api/v1/families/${family}/validate`, { method: "POST", json: answers });
    if (mine !== sequence) return last;
    if (!result.ok) {
      AC.show(message, AC.errorText(result));
      return null;
    }
    AC.show(message, "");
    last = result.data;
    hidden = new Set(last.hidden);
    problems = last.problems.concat(last.wanted || []);  // a field a condition makes necessary, still empty: marked at the field
    applyVisibility();
    applyProblems();
    showCheck();
    if (!document.getElementById("preview").hidden && last.valid) preview();
    return last;
  }
  function schedule() {
    clearTimeout(timer);
    pending = new Promise((resolve) => { timer = setTimeout(() => resolve(validate()), 250); });
  }
  async function settled() {
    clearTimeout(timer);
    return validate();
  }

  /* --- files ----------------------------------------------------------------------------- */
  async function fetchDocument(fmt, allowIncomplete) {
    const state = await settled();
    if (!state) return;
    if (fmt === "yaml") {
      const result = await AC.call("/api/v1/answers/yaml", { method: "POST", json: { family, ...state.answers }, blob: true });
      if (result.ok) AC.save(result.data, AC.filename(result.response, `${family}.yaml`));
      else AC.show(message, AC.errorText(result));
      return;
    }
    if (!state.valid) {
      showAll = true;
      applyProblems();
      AC.show(message, `合同参数尚有 ${state.problems.length} 处未填写或有误，见右侧列表 / the answers are not complete`);
      return;
    }
    const query = `format=${fmt}` + (allowIncomplete ? "&allow_incomplete=true" : "");
    const result = await AC.call(`/api/v1/draft?${query}`, { method: "POST", json: { family, ...state.answers }, blob: true });
    if (result.status === 409) {
      if (confirm("草稿未通过必备事项检查。仍要下载首页标明缺项的草稿吗？")) return fetchDocument(fmt, true);
      return;
    }
    if (!result.ok) { AC.show(message, AC.errorText(result)); return; }
    AC.save(result.data, AC.filename(result.response, `${family}.${fmt}`));
    AC.show(message, `已下载 .${fmt}`, "info");
  }
  document.querySelectorAll("[data-download]").forEach((b) => b.addEventListener("click", () => fetchDocument(b.dataset.download, false)));

  async function preview() {
    const state = last && last.valid ? last : await settled();
    const box = document.getElementById("preview");
    const text = document.getElementById("preview-text");
    box.hidden = false;
    if (!state || !state.valid) { text.textContent = "合同参数填写完整后显示合同文本。"; return; }
    // plain text: the preview is read, not rendered, so no Markdown marks (#, |) show
    const result = await AC.call("/api/v1/draft?format=txt&allow_incomplete=true", { method: "POST", json: { family, ...state.answers }, blob: true });
    text.textContent = result.ok ? await result.data.text() : AC.errorText(result);
  }
  document.getElementById("show-preview").addEventListener("click", async () => { await preview(); document.getElementById("preview").scrollIntoView(); });
  document.getElementById("close-preview").addEventListener("click", () => { document.getElementById("preview").hidden = true; });

  function load(data) {
    answers = data || {};
    touched = new Set();
    showAll = true;
    save();
    rebuild();
    return settled();
  }
  const exampleButton = document.getElementById("load-example");
  if (exampleButton) {
    exampleButton.addEventListener("click", async () => {
      if (touched.size && !confirm("载入示例将替换已填写的内容，继续吗？")) return;
      const result = await AC.call(`/api/v1/families/${family}/example`);
      if (result.ok) { await load(result.data); AC.show(message, "已载入示例", "info"); }
    });
  }
  document.getElementById("upload-answers").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    const result = await AC.call("/api/v1/answers/parse", { method: "POST", body: await file.text(), headers: { "Content-Type": "application/yaml" } });
    if (!result.ok) { AC.show(message, AC.errorText(result)); return; }
    if (result.data.family !== family) {
      localStorage.setItem(`aicontract.draft.${result.data.family}`, JSON.stringify({ answers: result.data.answers, touched: [], step: 0,
                                                                                    saved: Date.now() }));
      location.href = `/draft/${encodeURIComponent(result.data.family)}`;
      return;
    }
    await load(result.data.answers);
    AC.show(message, `已载入 ${file.name}`, "info");
  });
  document.getElementById("clear-form").addEventListener("click", async () => {
    if (!confirm("清空全部已填写的内容吗？")) return;
    showAll = false;
    await load({});
    showAll = false;
    showStep(0, true);
  });

  restore();
  rebuild();
  showStep(current, false);
  validate();
  window.aicontractForm = { settled, answers: () => answers }; // for tests and the console
})();
