// Tables readable at every width (issue 15; checked in headless Chromium at
// 400 and 1280 px). For every table of a page except the generated field and
// value tables, which spec/_ext/xsif_ksy.py prepares itself:
// - each cell gets its column's heading as data-label, which the stacked
//   layout of a narrow screen (xsif.css) prints before the cell;
// - a long path or name ("tools/libs/guest/xg_sr_save_x86_pv.c") gets break
//   points after each / . and _, so that its column need not be as wide as
//   it is and it never breaks mid-word.
document.addEventListener("DOMContentLoaded", () => {
  const LONG = /\S{20,}/;
  for (const table of document.querySelectorAll("article table.docutils")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && !cell.dataset.label) cell.dataset.label = heads[i];
      });
    }
    if (table.classList.contains("xsif-ksy-table")) continue;
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    const long = [];
    while (walker.nextNode()) {
      if (LONG.test(walker.currentNode.nodeValue)) long.push(walker.currentNode);
    }
    for (const node of long) {
      const fragment = document.createDocumentFragment();
      for (const part of node.nodeValue.split(/(?<=[/._])(?=\S)/)) {
        fragment.append(part);
        if (/[/._]$/.test(part)) fragment.append(document.createElement("wbr"));
      }
      node.replaceWith(fragment);
    }
  }
});
