/* aicontract pages: small shared helpers. Plain JavaScript, no build step, nothing from other sites.
   Every value from a user or a file is put on the page as text (textContent), never as HTML. */
"use strict";

const AC = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  /* fetch within this site; the JSON of an error answer is returned as data */
  async call(path, options = {}) {
    const init = { method: options.method || "GET", credentials: "same-origin", cache: "no-store", headers: options.headers || {} };
    if (options.json !== undefined) {
      init.body = JSON.stringify(options.json);
      init.headers["Content-Type"] = "application/json";
    } else if (options.body !== undefined) {
      init.body = options.body;
    }
    const response = await fetch(path, init);
    const type = response.headers.get("content-type") || "";
    const data = type.includes("application/json") && !options.blob ? await response.json()
      : options.blob && response.ok ? await response.blob()
      : type.includes("application/json") ? await response.json() : await response.text();
    return { ok: response.ok, status: response.status, data, response };
  },

  filename(response, fallback) {
    const header = response.headers.get("content-disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  },

  save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = AC.el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  },

  /* the message of an error answer: the API's own words, field by field */
  errorText(result) {
    const data = result.data;
    if (data && typeof data === "object") {
      if (Array.isArray(data.detail) && data.detail.length && data.detail[0].msg !== undefined && data.detail[0].path !== undefined) {
        return data.detail.map((p) => (p.path ? `${p.path}（${p.title}）：` : "") + p.msg).join("\n");
      }
      if (data.message) return data.message;
      if (typeof data.detail === "string") return data.detail;
      if (Array.isArray(data.detail)) return data.detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("\n");
    }
    return `出错了（${result.status}） / error ${result.status}`;
  },

  show(node, text, kind) {
    node.hidden = !text;
    node.textContent = text || "";
    node.classList.toggle("info", kind === "info");
  },
};
