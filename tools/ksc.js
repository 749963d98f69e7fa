#!/usr/bin/env node
// Drives the pinned Kaitai Struct compiler (npm kaitai-struct-compiler), whose
// JavaScript build has only a programmatic API.
//   node tools/ksc.js OUTDIR FILE.ksy...
// Writes the Python module of each .ksy into OUTDIR. Imports named in a
// .ksy's meta/imports are resolved against the folder of that .ksy.
//
// It also writes OUTDIR/SOURCES: the compiler version and the SHA-256 of
// every .ksy compiled. The Python the compiler emits leaves out the doc of
// sequence fields, so without it a change to such a doc would not show in
// generated/; with it, generated/ names exactly the sources it came from.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const compiler = require("kaitai-struct-compiler");

// Debug mode stores the start and end offset of every field in `_debug`,
// which the validator uses to give the byte offset of each finding. It also
// makes the caller invoke `_read()` itself.
const DEBUG = true;

function load(file) {
  return yaml.load(fs.readFileSync(file, "utf8"));
}

async function main() {
  const [outDir, ...files] = process.argv.slice(2);
  if (!outDir || files.length === 0) {
    console.error("usage: node tools/ksc.js OUTDIR FILE.ksy...");
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const sources = [`kaitai-struct-compiler ${compiler.version} (python, debug mode)`];
  for (const file of [...files].sort()) {
    const digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    sources.push(`${digest}  ${path.basename(file)}`);
  }
  fs.writeFileSync(path.join(outDir, "SOURCES"), sources.join("\n") + "\n");
  for (const file of files) {
    const dir = path.dirname(file);
    const importer = {
      importYaml(name) {
        return Promise.resolve(load(path.join(dir, name + ".ksy")));
      },
    };
    let out;
    try {
      out = await compiler.compile("python", load(file), importer, DEBUG);
    } catch (err) {
      console.error(`${file}: ${err && err.toString ? err.toString() : err}`);
      process.exit(1);
    }
    for (const [name, text] of Object.entries(out)) {
      fs.writeFileSync(path.join(outDir, name), text);
    }
  }
}

main();
