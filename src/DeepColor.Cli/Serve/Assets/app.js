// DeepColor's page: cards of photos sent to POST /api/colorize, a before/after divider, zip download.
// Plain script, no build step and nothing from elsewhere: the server embeds this file.
"use strict";

const MAX_IN_FLIGHT = 2;          // the server runs the model one image at a time; two keeps it busy
const MAX_BUSY_RETRIES = 60;      // 503 + Retry-After from a full queue
const cards = [];
let modelRenderSize = 256;
let inFlight = 0;

const $ = (selector, root = document) => root.querySelector(selector);

async function loadModel() {
  try {
    const response = await fetch("/api/model");
    const model = await response.json();
    modelRenderSize = model.renderSize;
    $("#model").textContent = `${model.description} · render size ${model.renderSize} · uploads up to ${Math.round(model.limits.maxUploadBytes / 1048576)} MB`;
  } catch (e) {
    $("#model").textContent = "The model description could not be loaded: " + e.message;
  }
}

function renderSizes() {
  return [...new Set([128, 192, 256, 384, 512, modelRenderSize])].sort((a, b) => a - b);
}

function addFiles(files) {
  for (const file of files) {
    if (file.type && !file.type.startsWith("image/") && !/\.tiff?$/i.test(file.name)) continue;
    cards.push(createCard(file));
  }
  pump();
  updateSummary();
}

function createCard(file) {
  const element = $("#card-template").content.firstElementChild.cloneNode(true);
  const card = { file, element, state: "queued", blob: null, resultUrl: null, controller: null, width: 0, height: 0, generation: 0 };
  $(".name", element).textContent = file.name;
  const before = $(".before", element);
  const after = $(".after", element);
  before.alt = `${file.name}, original`;
  after.alt = `${file.name}, colorized`;
  card.originalUrl = URL.createObjectURL(file);
  before.src = card.originalUrl;
  // Browsers cannot show TIFF: the colour result in gray stands in for the original there.
  before.addEventListener("error", () => { if (before.src === card.originalUrl) card.beforeFromResult = true; }, { once: true });

  const select = $(".render-size", element);
  for (const size of renderSizes()) {
    const option = new Option(size === modelRenderSize ? `${size} (model's)` : String(size), String(size), false, size === modelRenderSize);
    select.add(option);
  }
  const saturation = $(".saturation", element);
  saturation.addEventListener("input", () => { $(".saturation-value", element).textContent = Number(saturation.value).toFixed(1); });
  saturation.addEventListener("change", () => rerun(card));
  select.addEventListener("change", () => rerun(card));
  $(".retry", element).addEventListener("click", () => rerun(card));
  $(".remove", element).addEventListener("click", () => remove(card));
  const zoom = $(".zoom", element);
  zoom.addEventListener("click", () => {
    const on = element.classList.toggle("zoomed");
    zoom.setAttribute("aria-pressed", String(on));
    zoom.textContent = on ? "Fit to card" : "Actual size";
  });
  setUpDivider(card);
  $("#cards").append(element);
  return card;
}

function setUpDivider(card) {
  const stack = $(".stack", card.element);
  const divider = $(".divider", card.element);
  const set = percent => {
    const value = Math.max(0, Math.min(100, percent));
    stack.style.setProperty("--split", `${value}%`);
    divider.setAttribute("aria-valuenow", String(Math.round(value)));
    divider.setAttribute("aria-valuetext", `${Math.round(value)}% original`);
  };
  const fromPointer = event => {
    const box = stack.getBoundingClientRect();
    set((event.clientX - box.left) / box.width * 100);
  };
  let dragging = false;
  stack.addEventListener("pointerdown", event => {
    if (card.state !== "done") return;
    dragging = true;
    stack.setPointerCapture(event.pointerId);
    fromPointer(event);
    divider.focus({ preventScroll: true });
  });
  stack.addEventListener("pointermove", event => { if (dragging) fromPointer(event); });
  const stop = () => { dragging = false; };
  stack.addEventListener("pointerup", stop);
  stack.addEventListener("pointercancel", stop);
  divider.addEventListener("keydown", event => {
    const now = Number(divider.getAttribute("aria-valuenow"));
    const step = { ArrowLeft: -2, ArrowDown: -2, ArrowRight: 2, ArrowUp: 2, PageDown: -10, PageUp: 10 }[event.key];
    if (step !== undefined) set(now + step);
    else if (event.key === "Home") set(0);
    else if (event.key === "End") set(100);
    else return;
    event.preventDefault();
  });
}

function setState(card, state, text) {
  card.state = state;
  card.element.dataset.state = state;
  $(".state", card.element).textContent = text ?? state;
  $(".error", card.element).textContent = state === "failed" ? card.reason : "";
  $(".retry", card.element).hidden = state !== "failed";
  updateSummary();
}

function rerun(card) {
  card.controller?.abort();
  card.generation++;
  setState(card, "queued");
  pump();
}

function remove(card) {
  card.controller?.abort();
  card.generation++;
  cards.splice(cards.indexOf(card), 1);
  card.element.remove();
  URL.revokeObjectURL(card.originalUrl);
  if (card.resultUrl) URL.revokeObjectURL(card.resultUrl);
  updateSummary();
}

function pump() {
  while (inFlight < MAX_IN_FLIGHT) {
    const next = cards.find(c => c.state === "queued");
    if (!next) return;
    inFlight++;
    colorize(next).finally(() => { inFlight--; pump(); });
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function colorize(card) {
  const generation = card.generation;
  const controller = new AbortController();
  card.controller = controller;
  setState(card, "working");
  const started = performance.now();
  const query = new URLSearchParams({ saturation: $(".saturation", card.element).value, renderSize: $(".render-size", card.element).value });
  try {
    for (let attempt = 0; ; attempt++) {
      const form = new FormData();
      form.append("image", card.file, card.file.name);
      const response = await fetch(`/api/colorize?${query}`, { method: "POST", body: form, signal: controller.signal });
      if (response.status === 503 && response.headers.has("Retry-After") && attempt < MAX_BUSY_RETRIES) {
        setState(card, "working", "waiting (server busy)");
        await sleep(1000 * Math.max(1, Number(response.headers.get("Retry-After")) || 1));
        continue;
      }
      if (!response.ok) {
        let reason = `${response.status} ${response.statusText}`;
        try { const problem = await response.json(); reason = problem.detail || problem.title || reason; } catch { /* not JSON */ }
        throw new Error(reason);
      }
      const blob = await response.blob();
      if (generation !== card.generation) return;
      await show(card, blob);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      setState(card, "done", `done · ${card.width}×${card.height} · ${seconds} s`);
      return;
    }
  } catch (e) {
    if (generation !== card.generation) return; // re-run or removed: a newer request owns the card
    card.reason = e.name === "AbortError" ? "cancelled" : e.message;
    setState(card, "failed", "failed");
  }
}

async function show(card, blob) {
  if (card.resultUrl) URL.revokeObjectURL(card.resultUrl);
  card.blob = blob;
  card.resultUrl = URL.createObjectURL(blob);
  const after = $(".after", card.element);
  after.src = card.resultUrl;
  await after.decode();
  card.width = after.naturalWidth;
  card.height = after.naturalHeight;
  const before = $(".before", card.element);
  if (card.beforeFromResult) { before.src = card.resultUrl; before.classList.add("gray"); }
  const download = $(".download", card.element);
  download.href = card.resultUrl;
  download.download = resultName(card);
  download.removeAttribute("aria-disabled");
}

function resultName(card) {
  const base = card.file.name.replace(/\.[^.]*$/, "");
  return `${base}-color.${card.blob.type === "image/jpeg" ? "jpg" : "png"}`;
}

function updateSummary() {
  const done = cards.filter(c => c.state === "done").length;
  const failed = cards.filter(c => c.state === "failed").length;
  $("#download-all").disabled = done === 0;
  $("#summary").textContent = cards.length === 0 ? "" : `${done} of ${cards.length} done${failed ? `, ${failed} failed` : ""}`;
}

// A stored (uncompressed) zip: photos are compressed already, and this needs no library.
const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xFFFFFFFF;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

async function zip(entries) {
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, blob } of entries) {
    const data = new Uint8Array(await blob.arrayBuffer());
    const nameBytes = encoder.encode(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, data.length, true);
    entry.setUint16(28, nameBytes.length, true);
    entry.setUint32(42, offset, true);
    parts.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: "application/zip" });
}

async function downloadAll() {
  const used = new Set();
  const entries = [];
  for (const card of cards.filter(c => c.state === "done")) {
    let name = resultName(card);
    for (let i = 2; used.has(name); i++) name = resultName(card).replace(/(\.[^.]*)$/, `-${i}$1`);
    used.add(name);
    entries.push({ name, blob: card.blob });
  }
  const url = URL.createObjectURL(await zip(entries));
  const link = Object.assign(document.createElement("a"), { href: url, download: "deepcolor.zip" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

document.addEventListener("DOMContentLoaded", () => {
  // Cards offer the model's own render size, so they wait for its description.
  const modelReady = loadModel();
  const add = files => modelReady.then(() => addFiles(files));
  const input = $("#files");
  input.addEventListener("change", () => { add([...input.files]); input.value = ""; });
  $("#download-all").addEventListener("click", downloadAll);
  let depth = 0;
  document.addEventListener("dragenter", e => { e.preventDefault(); depth++; document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; document.body.classList.remove("dragging"); } });
  document.addEventListener("dragover", e => e.preventDefault());
  document.addEventListener("drop", e => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove("dragging");
    add([...e.dataTransfer.files]);
  });
});
