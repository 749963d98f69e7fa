#!/usr/bin/env node
// Parses images with the JavaScript parsers the pinned Kaitai compiler makes
// of ksy/ (debug mode, as the Kaitai Web IDE compiles them) and the pinned
// npm runtime kaitai-struct, and prints what they read, for
// tests/test_targets.py to compare with `xsif dump`.
//   node tests/js/parse_corpus.js JSDIR < [{"path": ..., "format": ...}, ...]
// Prints one JSON array: for each image {path, error, records}, where
// records lists every record in stream order (libxc records where they sit
// in a libxl stream) as [layer, type, body_length, fields] and error is the
// parse error (null when the top-level type read to its end). Values are
// numbers as the JavaScript parsers give them: the test compares them with
// Python's integers, so a value JavaScript does not hold exactly differs.
"use strict";
const fs = require("fs");
const path = require("path");
const { KaitaiStream } = require("kaitai-struct");

const jsdir = path.resolve(process.argv[2]);
const load = (name) => require(path.join(jsdir, name + ".js"))[name];
const V1 = load("XenSaveImageV1");
const Libxc = load("XenLibxcStream");
const Libxl = load("XenLibxlStream");
const Xl = load("XenXlSaveFile");

const TOP = {
  "xen-save-image-v1": V1,
  "libxc-stream-v2": Libxc,
  "libxc-stream-v3": Libxc,
  "libxl-stream": Libxl,
  "xl-save-file": Xl,
};

function has(obj, name) {
  // a field read (or an instance that can be computed from what was read)
  try {
    return obj !== undefined && obj !== null && obj[name] !== undefined;
  } catch (err) {
    return false;
  }
}

function get(obj, name) {
  try {
    return obj[name];
  } catch (err) {
    return undefined;
  }
}

function pick(obj, names) {
  const out = {};
  for (const n of names) {
    const v = get(obj, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

// The fields compared, by layer and record type code; the names are the
// JavaScript parsers' (camelCase of the .ksy ids).
function v1Fields(type, body) {
  if (!body || body instanceof Uint8Array) return {};
  switch (type) {
    case 1: // PAGE_DATA
      return {
        count: get(get(body, "header"), "count"),
        pfns: (get(body, "pfns") || []).map((e) => [e.pfn, e.typeCode, e.reserved]),
      };
    case 2:
      return pick(body, ["maxVcpuId"]);
    case 3:
      return pick(body, ["vcpuId"]);
    case 4:
      return pick(body, ["guestWidth", "ptLevels"]);
    case 5: // P2M
      return {
        ...pick(get(body, "header") || {}, ["p2mStartPfn", "p2mEndPfn"]),
        frames: (get(body, "frames") || []).map((f) => [f.frame, f.reserved]),
      };
    default:
      return {};
  }
}

function libxcFields(type, body) {
  if (!body || body instanceof Uint8Array) return {};
  switch (type) {
    case 1: // PAGE_DATA
      return {
        count: get(get(body, "header"), "count"),
        pfns: (get(body, "pfns") || []).map((e) => [e.pfn, e.typeCode, e.reserved]),
      };
    case 2:
      return pick(body, ["guestWidth", "ptLevels"]);
    case 3: // X86_PV_P2M_FRAMES
      return {
        ...pick(get(body, "header") || {}, ["p2mStartPfn", "p2mEndPfn"]),
        frames: (get(body, "frames") || []).map((f) => f.pfn),
      };
    case 4: case 5: case 6: case 12:
      return pick(body, ["vcpuId"]);
    case 8:
      return pick(body, ["mode", "khz", "nsec", "incarnation"]);
    case 10: // HVM_PARAMS
      return {
        count: get(get(body, "header"), "count"),
        params: (get(body, "params") || []).map((p) => [p.index, p.value]),
      };
    default:
      return {};
  }
}

function libxlFields(type, body) {
  if (!body || body instanceof Uint8Array) return {};
  switch (type) {
    case 2: case 3:
      return pick(get(body, "header") || {}, ["emulatorId", "index"]);
    case 5:
      return pick(body, ["controlId"]);
    default:
      return {};
  }
}

function records(layer, list, fields, out) {
  for (const r of list || []) {
    const h = get(r, "header");
    if (!has(h, "type") || !has(h, "bodyLength")) break;
    out.push([layer, h.type, h.bodyLength, fields(h.type, get(r, "body"))]);
    if (layer === "libxl") {
      const inner = get(r, "libxcStream");
      if (inner) libxcStream(inner, out);
      records("libxc", get(r, "libxcRecords"), libxcFields, out);
    }
  }
}

function libxcStream(s, out) {
  const body = get(s, "body");
  if (body) records("libxc", get(body, "records"), libxcFields, out);
}

function walk(format, top) {
  const out = [];
  if (format === "xen-save-image-v1") {
    records("v1", get(get(top, "body"), "records"), v1Fields, out);
  } else if (format.startsWith("libxc")) {
    libxcStream(top, out);
  } else {
    let libxl = top;
    if (format === "xl-save-file") libxl = get(get(top, "body"), "libxlStream");
    if (libxl) records("libxl", get(get(libxl, "body"), "records"), libxlFields, out);
  }
  return out;
}

function main() {
  const items = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = [];
  for (const { path: file, format } of items) {
    const Top = TOP[format];
    const data = fs.readFileSync(file);
    const top = new Top(new KaitaiStream(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)));
    let error = null;
    try {
      top._read();
    } catch (err) {
      error = String(err && err.name ? `${err.name}: ${err.message}` : err);
    }
    results.push({ path: file, error, records: walk(format, top) });
  }
  process.stdout.write(JSON.stringify(results));
}

main();
