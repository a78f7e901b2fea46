// Builds the portal's CSS and copies the GOV.UK Frontend JavaScript, images and our font into
// static/dist/ (git-ignored), which Django's static files and whitenoise then serve. Nothing here
// is fetched from a CDN at run time.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const fonts = join(root, "node_modules", "@fontsource", "open-sans", "files");

mkdirSync(join(dist, "fonts"), { recursive: true });

const result = sass.compile(join(root, "static", "scss", "main.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(dist, "main.css"), result.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(dist, "images"), { recursive: true });
for (const name of readdirSync(fonts)) {
  if (/^open-sans-latin-(400|700)-normal\.woff2?$/.test(name)) {
    cpSync(join(fonts, name), join(dist, "fonts", name));
  }
}
console.log(`Built ${join(dist, "main.css")} (${result.css.length} bytes)`);
