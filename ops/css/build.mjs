// Builds static/css/bootstrap-cchc.css: Bootstrap's Sass with the site's colours (cchc.scss), then
// only the rules whose classes appear where the site writes HTML: the templates, the Python that
// sets classes (forms, template tags), the JavaScript, and crispy-forms' Bootstrap 5 templates.
// Run `make css` after using a Bootstrap class that no template used before; CI runs
// `node ops/css/build.mjs --check`, which fails when the committed file is not what this builds.
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";
import { PurgeCSS } from "purgecss";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const output = join(repo, "static", "css", "bootstrap-cchc.css");
// Never scanned: dependencies, tests (their markup is not the site's), data and build output.
const skipped = new Set([".git", ".venv", ".venv-bench", "node_modules", "var", "tests", "migrations", "test-artefacts", "bench", "ops"]);

function walk(folder, found = [], pattern = /\.(html|py|js)$/) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name) && !entry.name.startsWith(".")) walk(path, found, pattern);
    } else if (pattern.test(entry.name) && !entry.name.startsWith("bootstrap-cchc")) {
      found.push(path);
    }
  }
  return found;
}

function crispyTemplates() {
  const lib = join(repo, ".venv", "lib");
  const python = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith("python")) : undefined;
  const folder = python && join(lib, python, "site-packages", "crispy_bootstrap5", "templates");
  if (!folder || !existsSync(folder)) {
    throw new Error("crispy_bootstrap5 is not installed in .venv: run `make install-dev` first");
  }
  // Templates of crispy's layout objects that the site does not use (accordions, modals, tabs).
  return walk(folder).filter((path) => !/(accordion|modal|tab)[^/]*\.html$/.test(path));
}

const compiled = sass.compile(join(here, "cchc.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
const content = [...walk(repo), ...crispyTemplates()].sort();
// Bootstrap's custom properties that the site's own style sheets read (var(--bs-body-bg), ...).
const siteCss = walk(repo, [], /\.css$/);
const readVariables = [...new Set(siteCss.flatMap((path) => [...readFileSync(path, "utf8").matchAll(/var\((--bs-[\w-]+)/g)].map((m) => m[1])))].sort();
const [purged] = await new PurgeCSS().purge({
  content,
  css: [{ raw: compiled.css }],
  variables: true,
  keyframes: true,
  // Classes built from a value: text-bg-{{ state|state_colour }}, alert-{{ message.tags }}, and the
  // navigation menu's "show" set by static/js/nav.js.
  safelist: { standard: [/^text-bg-/, /^alert-/, "show"], variables: readVariables },
});
// Purging leaves PostCSS's spacing: compress once more.
const css = sass.compileString(purged.css, { syntax: "css", style: "compressed" }).css + "\n";

if (process.argv.includes("--check")) {
  const committed = existsSync(output) ? readFileSync(output, "utf8") : "";
  if (committed !== css) {
    console.error(`${relative(repo, output)} is not what ops/css/build.mjs builds from the templates: run \`make css\` and commit it.`);
    process.exit(1);
  }
  console.log(`${relative(repo, output)} is up to date (${css.length} bytes, ${content.length} files scanned).`);
} else {
  writeFileSync(output, css);
  console.log(`wrote ${relative(repo, output)}: ${css.length} bytes (from ${compiled.css.length}), ${content.length} files scanned, kept ${readVariables.join(" ")}.`);
}
