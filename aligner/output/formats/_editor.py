"""The review page's post-editor: the pairs as page data, and the script that edits them.

The page carries every pair as JSON (``<script type="application/json" id="pairs">``): the
JSONL fields, the XLIFF unit and group ids, and what the writers decide in Python (is it
doubtful, is it noise), so the script never re-implements a rule. The script makes the
English cells editable, keeps edits and confirmations in ``localStorage`` under a key
made from the run signature and the pairs (another run's page never sees them), and
builds XLIFF, TMX, TSV and JSONL downloads in the page, XML through the DOM (never
strings), in the shapes of the Python writers, so ``aligner convert`` reads them back.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

from aligner import __version__
from aligner.common.flags import is_noise
from aligner.common.jsontext import json_text
from aligner.output.formats._writer import LOW_CONFIDENCE, flatten_meta, is_doubtful
from aligner.output.formats.xliff import UnitIds
from aligner.types import Pair

__all__ = ["SCRIPT", "page_data", "record"]


def record(pair: Pair, ids: UnitIds, group: str) -> dict[str, Any]:
    """One pair as the page holds it (NaN as null: JSON has no NaN)."""
    data = pair.to_json()
    for name in ("confidence", "logprob"):
        value = data[name]
        data[name] = None if value is not None and math.isnan(value) else value
    data.update(id=ids.unit(pair), group=group, doubtful=is_doubtful(pair), noise=is_noise(pair))
    return data


def page_data(records: list[dict[str, Any]], meta: Mapping[str, Any]) -> str:
    """The JSON the script reads, safe inside ``<script>`` (no ``<`` can close it)."""
    key_text = json_text([dict(meta), [(r["source"], r["target"]) for r in records]],
                         sort_keys=True, default=str)  # fmt: skip
    data = {
        "key": "aligner-review:" + hashlib.sha256(key_text.encode("utf-8")).hexdigest()[:24],
        "meta": json_text(dict(meta), sort_keys=True, default=str),
        "props": list(flatten_meta(meta)),
        "version": __version__,
        "low": LOW_CONFIDENCE,
        "pairs": records,
    }
    return json_text(data, default=str).replace("<", "\\u003c")


SCRIPT = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("pairs").textContent);
  var XLF = "urn:oasis:names:tc:xliff:document:1.2", AL = "urn:x-aligner:xliff:1",
      XML = "http://www.w3.org/XML/1998/namespace";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.pair"));
  var cells = rows.map(function (r) { return r.querySelector("td.t"); });
  var state = {edits: {}, confirmed: {}};
  try { state = JSON.parse(localStorage.getItem(D.key)) || state; } catch (e) { /* none */ }
  function save() {
    try { localStorage.setItem(D.key, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function text(i) { return i in state.edits ? state.edits[i] : D.pairs[i].target; }
  function edited(i) { return text(i) !== D.pairs[i].target; }
  function mark(i) {
    rows[i].classList.toggle("edited", edited(i));
    rows[i].classList.toggle("confirmed", !!state.confirmed[i]);
  }
  function count() {
    var doubt = 0, left = 0, ed = 0, ok = 0;
    D.pairs.forEach(function (p, i) {
      if (p.doubtful) { doubt++; if (!state.confirmed[i]) left++; }
      if (edited(i)) ed++;
      if (state.confirmed[i]) ok++;
    });
    document.getElementById("left").textContent = left + " of " + doubt +
      " doubtful pairs left to review · " + ed + " edited · " + ok + " confirmed";
  }
  function visibleRows() { return rows.filter(function (r) { return !r.hidden; }); }
  function go(from, step, test) {
    var order = visibleRows(), at = order.indexOf(rows[from]);
    for (var k = at + step; k >= 0 && k < order.length; k += step) {
      var i = rows.indexOf(order[k]);
      if (!test || test(i)) { cells[i].focus(); placeEnd(cells[i]); return; }
    }
  }
  function placeEnd(cell) {
    var range = document.createRange(); range.selectNodeContents(cell); range.collapse(false);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    cell.scrollIntoView({block: "nearest"});
  }
  function doubtLeft(i) { return D.pairs[i].doubtful && !state.confirmed[i]; }
  function confirm(i) {
    if (state.confirmed[i]) delete state.confirmed[i]; else state.confirmed[i] = true;
    save(); mark(i); count();
  }
  cells.forEach(function (cell, i) {
    if (i in state.edits) cell.textContent = state.edits[i];
    mark(i);
    cell.addEventListener("input", function () {
      var value = cell.innerText.replace(/\n+$/, "");
      if (value === D.pairs[i].target) delete state.edits[i]; else state.edits[i] = value;
      save(); mark(i); count();
    });
    cell.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault(); confirm(i); go(i, 1);
      } else if (ev.key === "Enter" || ev.key === "Tab") {
        ev.preventDefault(); go(i, ev.shiftKey ? -1 : 1);
      } else if (ev.altKey && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
        ev.preventDefault(); go(i, ev.key === "ArrowDown" ? 1 : -1, doubtLeft);
      } else if (ev.key === "Escape") {
        ev.preventDefault(); delete state.edits[i]; cell.textContent = D.pairs[i].target;
        save(); mark(i); count();
      }
    });
    rows[i].querySelector("button.ok").addEventListener("click", function () { confirm(i); });
  });
  document.getElementById("next").addEventListener("click", function () {
    var at = rows.indexOf(document.activeElement && document.activeElement.closest("tr"));
    go(at < 0 ? -1 : at, 1, doubtLeft);
  });

  function flags(i) {
    var f = D.pairs[i].flags.filter(function (x) {
      return x !== "post-edited" && x !== "confirmed";
    });
    if (edited(i) || D.pairs[i].flags.indexOf("post-edited") >= 0) f.push("post-edited");
    if (state.confirmed[i] || D.pairs[i].flags.indexOf("confirmed") >= 0) f.push("confirmed");
    return f.sort();
  }
  function num(x) { return x === null ? "NaN" : String(x); }
  function four(x) { return x === null ? "nan" : x.toFixed(4); }
  function clean(s) { return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, ""); }
  function el(doc, ns, name, attrs, textValue) {
    var e = doc.createElementNS(ns, name);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k.indexOf("al:") === 0) e.setAttributeNS(AL, k, attrs[k]);
      else if (k === "xml:lang") e.setAttributeNS(XML, k, attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    if (textValue !== undefined) e.textContent = clean(textValue);
    return e;
  }
  function unit(doc, p, i) {
    var f = flags(i), confirmed = f.indexOf("confirmed") >= 0;
    var st = confirmed ? "final" : p.doubtful ? "needs-review-translation" : "translated";
    var a = {"id": p.id, "al:confidence": num(p.confidence), "al:bead": p.bead,
             "al:source-ids": p.source_ids.join(" "), "al:target-ids": p.target_ids.join(" ")};
    if (p.logprob !== null) a["al:logprob"] = num(p.logprob);
    if (p.tokens !== null) a["al:tokens"] = String(p.tokens);
    if (f.length) a["al:flags"] = f.join(" ");
    if (p.noise) a.translate = "no";
    var u = el(doc, XLF, "trans-unit", a);
    u.appendChild(el(doc, XLF, "source", {"xml:lang": "id"}, p.source));
    u.appendChild(el(doc, XLF, "target", {"xml:lang": "en", "state": st}, text(i)));
    var note = "confidence " + four(p.confidence) + "; bead " + p.bead +
               (f.length ? "; flags: " + f.join(", ") : "");
    u.appendChild(el(doc, XLF, "note", {"from": "aligner"}, note));
    if (p.flags.indexOf("post-edited") < 0) {
      var alt = el(doc, XLF, "alt-trans", {"tool-id": "aligner", "origin": "machine translation"});
      alt.appendChild(el(doc, XLF, "target", {"xml:lang": "en"}, p.target));
      u.appendChild(alt);
    }
    return u;
  }
  function xliff() {
    var doc = document.implementation.createDocument(XLF, "xliff", null);
    var root = doc.documentElement;
    root.setAttribute("version", "1.2");
    root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:al", AL);
    var file = null, body = null, group = null;
    D.pairs.forEach(function (p, i) {
      if (!file || file.getAttribute("original") !== p.doc) {
        file = el(doc, XLF, "file", {"original": p.doc || "-", "source-language": "id",
          "target-language": "en", "datatype": "plaintext", "tool-id": "aligner"});
        var header = el(doc, XLF, "header");
        header.appendChild(el(doc, XLF, "tool", {"tool-id": "aligner", "tool-name": "aligner",
          "tool-version": D.version}));
        if (D.meta !== "{}") header.appendChild(el(doc, AL, "al:signature", {}, D.meta));
        file.appendChild(header);
        body = el(doc, XLF, "body"); file.appendChild(body); root.appendChild(file);
        group = null;
      }
      if (!group || group.getAttribute("id") !== p.group) {
        group = el(doc, XLF, "group", {"id": p.group, "al:paragraph": String(p.paragraph)});
        body.appendChild(group);
      }
      group.appendChild(unit(doc, p, i));
    });
    if (!file) {
      file = el(doc, XLF, "file", {"original": "-", "source-language": "id",
        "target-language": "en", "datatype": "plaintext"});
      file.appendChild(el(doc, XLF, "body")); root.appendChild(file);
    }
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
  }
  function prop(doc, parent, type, value) {
    parent.appendChild(el(doc, null, "prop", {"type": type}, value));
  }
  function tmx() {
    var doc = document.implementation.createDocument(null, "tmx", null);
    var root = doc.documentElement;
    root.setAttribute("version", "1.4");
    var header = el(doc, null, "header", {"creationtool": "aligner",
      "creationtoolversion": D.version, "segtype": "sentence", "o-tmf": "aligner",
      "adminlang": "en", "srclang": "id", "datatype": "plaintext"});
    D.props.forEach(function (kv) { prop(doc, header, "x-" + kv[0], kv[1]); });
    root.appendChild(header);
    var body = el(doc, null, "body"); root.appendChild(body);
    D.pairs.forEach(function (p, i) {
      var tu = el(doc, null, "tu"), f = flags(i);
      prop(doc, tu, "x-confidence", four(p.confidence)); prop(doc, tu, "x-bead", p.bead);
      prop(doc, tu, "x-doc", p.doc); prop(doc, tu, "x-paragraph", String(p.paragraph));
      if (f.length) prop(doc, tu, "x-flags", f.join(" "));
      [["id", p.source], ["en", text(i)]].forEach(function (side) {
        var tuv = el(doc, null, "tuv", {"xml:lang": side[0]});
        tuv.appendChild(el(doc, null, "seg", {}, side[1])); tu.appendChild(tuv);
      });
      body.appendChild(tu);
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
  }
  function line(s) { return s.replace(/\r\n|[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g, " "); }
  function tsv() {
    return D.pairs.map(function (p, i) {
      return line(p.source) + "\t" + line(text(i)) + "\t" + four(p.confidence) + "\n";
    }).join("");
  }
  function jsonl() {
    return D.pairs.map(function (p, i) {
      var r = {doc: p.doc, paragraph: p.paragraph, source_ids: p.source_ids,
        target_ids: p.target_ids, source: p.source, target: text(i),
        confidence: p.confidence === null ? "\u0000NaN" : p.confidence, logprob: p.logprob,
        tokens: p.tokens, flags: flags(i), bead: p.bead};
      return JSON.stringify(r).replace('"\\u0000NaN"', "NaN") + "\n";
    }).join("");
  }
  var makers = {xlf: [xliff, "application/xliff+xml"], tmx: [tmx, "application/xml"],
                tsv: [tsv, "text/tab-separated-values"], jsonl: [jsonl, "application/jsonl"]};
  var base = ((D.pairs[0] && D.pairs[0].doc) || "review").split(/[\\/]/).pop();
  document.querySelectorAll("button[data-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      var ext = button.dataset.download, maker = makers[ext];
      var blob = new Blob([maker[0]()], {type: maker[1] + ";charset=utf-8"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = base + ".edited." + ext;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
  });
  document.getElementById("editor").hidden = false;
  count();
})();
"""
