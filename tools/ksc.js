#!/usr/bin/env node
// Drives the pinned Kaitai Struct compiler (npm kaitai-struct-compiler), whose
// JavaScript build has only a programmatic API.
//   node tools/ksc.js OUTDIR FILE.ksy...
//   node tools/ksc.js --target LANG[,LANG...] [--debug] OUTDIR FILE.ksy...
// Writes the module of each .ksy for the target (python by default) into
// OUTDIR. Imports named in a .ksy's meta/imports are resolved against the
// folder of that .ksy.
//
// For python (what generated/ holds) it compiles in debug mode and also
// writes OUTDIR/SOURCES: the compiler version and the SHA-256 of every .ksy
// compiled. The Python the compiler emits leaves out the doc of sequence
// fields, so without it a change to such a doc would not show in
// generated/; with it, generated/ names exactly the sources it came from.
//
// With several targets, each goes to OUTDIR/LANG.
// Any other target (javascript, java, cpp_stl, csharp, go, rust, ...) is
// compiled for the cross-target tests (tests/test_targets.py), into build/:
// as a third party would use it, or with --debug as the Kaitai Web IDE
// compiles JavaScript (the caller calls _read(), so that what was read
// before a parse error can be looked at).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const compiler = require("kaitai-struct-compiler");

function load(file) {
  return yaml.load(fs.readFileSync(file, "utf8"));
}

async function main() {
  let args = process.argv.slice(2);
  let target = "python";
  let debugAsked = false;
  if (args[0] === "--target") {
    target = args[1];
    args = args.slice(2);
  }
  if (args[0] === "--debug") {
    debugAsked = true;
    args = args.slice(1);
  }
  const [outDir, ...files] = args;
  if (!outDir || !target || files.length === 0) {
    console.error("usage: node tools/ksc.js [--target LANG] OUTDIR FILE.ksy...");
    process.exit(2);
  }
  // Debug mode stores the start and end offset of every field in `_debug`,
  // which the validator uses to give the byte offset of each finding. It also
  // makes the caller invoke `_read()` itself.
  const targets = target.split(",");
  if (targets.length > 1) {
    for (const one of targets) await compileAll(one, path.join(outDir, one), files, debugAsked);
    return;
  }
  await compileAll(target, outDir, files, debugAsked);
}

async function compileAll(target, outDir, files, debugAsked) {
  const debug = target === "python" || debugAsked;
  fs.mkdirSync(outDir, { recursive: true });
  if (target === "python") {
    const sources = [`kaitai-struct-compiler ${compiler.version} (python, debug mode)`];
    for (const file of [...files].sort()) {
      const digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
      sources.push(`${digest}  ${path.basename(file)}`);
    }
    fs.writeFileSync(path.join(outDir, "SOURCES"), sources.join("\n") + "\n");
  }
  for (const file of files) {
    const dir = path.dirname(file);
    const importer = {
      importYaml(name) {
        return Promise.resolve(load(path.join(dir, name + ".ksy")));
      },
    };
    let out;
    try {
      out = await compiler.compile(target, load(file), importer, debug);
    } catch (err) {
      console.error(`${file}: ${err && err.toString ? err.toString() : err}`);
      process.exit(1);
    }
    for (const [name, text] of Object.entries(out)) {
      const dest = path.join(outDir, name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, text);
    }
  }
}

main();
