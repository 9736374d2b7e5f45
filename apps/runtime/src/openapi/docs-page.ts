/**
 * /docs: an HTML page that renders the OpenAPI document. Its CSS and script are served
 * beside it (/docs/docs.css, /docs/docs.js), not inline, so that the Content Security
 * Policy can allow scripts from this origin only; nothing else is fetched but
 * /openapi.json.
 */
export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yardstick runtime API</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<h1 id="title">Yardstick runtime API</h1>
<p class="intro" id="intro">Loading /openapi.json…</p>
<nav id="nav"></nav>
<main id="ops"></main>
<h2>Schemas</h2>
<div id="schemas"></div>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

/** /docs/docs.css */
export const docsStyle = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #1d232a; }
  h1 { margin-bottom: .2rem; } .intro { color: #444; }
  nav a { display: inline-block; margin: 0 .6rem .3rem 0; font-family: ui-monospace, monospace; font-size: 13px; }
  section.op { border: 1px solid #d6dbe0; border-radius: 6px; margin: 1rem 0; padding: .6rem 1rem; }
  .verb { font: 700 12px ui-monospace, monospace; padding: .1rem .45rem; border-radius: 3px; color: #fff; margin-right: .5rem; }
  .get { background: #2b6cb0; } .post { background: #2f855a; } .delete { background: #c53030; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f5f7f9; padding: .6rem; overflow: auto; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0; } td, th { text-align: left; border-bottom: 1px solid #eee; padding: .2rem .4rem; vertical-align: top; }
  .roles { color: #555; font-size: 13px; } details { margin: .3rem 0; }
`;

/** /docs/docs.js */
export const docsScript = `
(function () {
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function pre(value) { return el("pre", {}, [JSON.stringify(value, null, 2)]); }
  fetch("/openapi.json").then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById("title").textContent = doc.info.title + " (OpenAPI " + doc.openapi + ")";
    document.getElementById("intro").textContent = doc.info.description;
    var nav = document.getElementById("nav"), ops = document.getElementById("ops"), n = 0;
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (verb) {
        var op = doc.paths[path][verb], id = "op" + (n++);
        nav.appendChild(el("a", { href: "#" + id }, [verb.toUpperCase() + " " + path]));
        var s = el("section", { class: "op", id: id }, [
          el("h3", {}, [el("span", { class: "verb " + verb }, [verb.toUpperCase()]), el("code", {}, [path])]),
          el("p", {}, [op.summary || ""]),
          el("p", { class: "roles" }, [op.description || (op.security && op.security.length === 0 ? "No key needed." : "")]),
        ]);
        if (op.parameters && op.parameters.length) {
          var t = el("table", {}, [el("tr", {}, [el("th", {}, ["parameter"]), el("th", {}, ["in"]), el("th", {}, ["description"])])]);
          op.parameters.forEach(function (p) {
            t.appendChild(el("tr", {}, [el("td", {}, [el("code", {}, [p.name + (p.required ? " *" : "")])]), el("td", {}, [p.in]), el("td", {}, [p.description || ""])]));
          });
          s.appendChild(t);
        }
        if (op.requestBody) s.appendChild(el("details", {}, [el("summary", {}, ["Request body"]), pre(op.requestBody.content)]));
        var rt = el("table", {}, [el("tr", {}, [el("th", {}, ["status"]), el("th", {}, ["meaning"])])]);
        Object.keys(op.responses || {}).forEach(function (code) {
          rt.appendChild(el("tr", {}, [el("td", {}, [code]), el("td", {}, [op.responses[code].description || ""])]));
        });
        s.appendChild(rt);
        ops.appendChild(s);
      });
    });
    var sc = document.getElementById("schemas");
    Object.keys(doc.components.schemas).forEach(function (name) {
      sc.appendChild(el("details", {}, [el("summary", {}, [el("code", {}, [name])]), pre(doc.components.schemas[name])]));
    });
  }).catch(function (e) {
    document.getElementById("intro").textContent = "Could not load /openapi.json: " + e;
  });
})();
`;
